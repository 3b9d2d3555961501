"""`make bench SIZE=N`: the API benchmark's entry point (the code is in bench/api_bench/).

`python bench/run.py --help` says what a run does and lists the options.
"""

from __future__ import annotations

from api_bench.main import main

if __name__ == "__main__":
    main()

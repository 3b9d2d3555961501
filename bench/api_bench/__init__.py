"""The API benchmark behind `make bench`: one run measures the deployed server on SIZE tickets.

`main` parses the command line and `benchmark` runs the steps in order; each other module
holds one concern (the database, the processes, the load, the baselines, the report). A new
scenario is one function in `scenarios`; bench/README.md says how.
"""

"""The container's health check: GET /readyz on the local server, exit 0 only on a 200.

The request names a host from ALLOWED_HOSTS (Django refuses any other), and /readyz is exempt
from the HTTPS redirect, so the probe works over plain HTTP inside the container.
"""

from __future__ import annotations

import http.client
import os
import sys


def probe_host() -> str:
    """The first concrete host in ALLOWED_HOSTS (".example.com" allows example.com itself)."""
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    connection = http.client.HTTPConnection("127.0.0.1", 8000, timeout=4)
    try:
        connection.request("GET", "/readyz", headers={"Host": probe_host()})
        status = connection.getresponse().status
    except OSError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())

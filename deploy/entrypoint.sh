#!/bin/sh
# Container entrypoint: wait for PostgreSQL, prepare the web server, then run the command.
#
#   (no arguments)       migrate, collect static files, `supportdesk serve` (the image's CMD)
#   supportdesk serve .. the same, with your options (--workers, --threads, --bind)
#   anything else        wait for the database, then run it as is (a Celery worker, a shell,
#                        `supportdesk createsuperuser`): only the web server migrates, so two
#                        containers never race to apply the same migration.
set -eu

# The image sets production settings; keep them when someone runs the script elsewhere.
: "${DJANGO_SETTINGS_MODULE:=support_desk.config.settings.production}"
export DJANGO_SETTINGS_MODULE

# How long to wait for the database before giving up (seconds).
DB_WAIT_SECONDS="${DB_WAIT_SECONDS:-60}"

wait_for_database() {
    python - "$DB_WAIT_SECONDS" <<'PY'
import sys
import time

import django

django.setup()
from django.db import connection
from django.db.utils import OperationalError

deadline = time.monotonic() + float(sys.argv[1])
while True:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if time.monotonic() > deadline:
            print(f"entrypoint: the database is still unreachable: {exc}", file=sys.stderr)
            sys.exit(1)
        print("entrypoint: waiting for the database...", file=sys.stderr)
        time.sleep(1)
    else:
        connection.close()
        break
PY
}

if [ "$#" -eq 0 ]; then
    set -- supportdesk serve --bind 0.0.0.0:8000
fi

wait_for_database

if [ "$1" = "supportdesk" ] && [ "${2:-}" = "serve" ]; then
    supportdesk migrate --noinput
    supportdesk collectstatic --noinput --verbosity 0
fi

exec "$@"

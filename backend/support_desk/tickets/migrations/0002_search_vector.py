"""PostgreSQL only: a generated full-text vector of title and description, with a GIN index.

The 'simple' configuration lower-cases without stemming, so prefix queries (`pass:*`)
match word beginnings exactly as typed. Other databases skip this migration's SQL.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE tickets_ticket ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))
    ) STORED
    """,
    "CREATE INDEX ticket_search_vector_idx ON tickets_ticket USING gin (search_vector)",
    # Detailed word statistics let the planner tell rare words (use the GIN index) from
    # common ones (walk the newest-first index and stop after one page).
    "ALTER TABLE tickets_ticket ALTER COLUMN search_vector SET STATISTICS 10000",
]
BACKWARD = [
    "DROP INDEX IF EXISTS ticket_search_vector_idx",
    "ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

"""Vendor-specific search structures: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

_FORWARD = {
    "postgresql": [
        "CREATE INDEX search_document_vector_gin ON search_ticketsearchdocument USING gin (vector)"
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE search_ticket_fts USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
    ],
}
_BACKWARD = {
    "postgresql": ["DROP INDEX IF EXISTS search_document_vector_gin"],
    "sqlite": ["DROP TABLE IF EXISTS search_ticket_fts"],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(_FORWARD), _run(_BACKWARD))]

"""SQLite: one FTS5 row per piece of text (appended, never rewritten), keyed by ticket."""

from django.db import migrations

_NEW = (
    "CREATE VIRTUAL TABLE search_ticket_fts USING fts5("
    "ticket_id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
)
_OLD = (
    "CREATE VIRTUAL TABLE search_ticket_fts USING fts5("
    "body, tokenize='unicode61 remove_diacritics 2')"
)


def _recreate(create_sql, refill):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        schema_editor.execute("DROP TABLE IF EXISTS search_ticket_fts")
        schema_editor.execute(create_sql)
        if refill:
            _refill(apps, schema_editor)

    return run


def _refill(apps, schema_editor):
    from supportdesk.search.stemming import stems

    ticket_model = apps.get_model("tickets", "Ticket")
    message_model = apps.get_model("tickets", "Message")
    with schema_editor.connection.cursor() as cursor:
        for ticket in ticket_model.objects.only("pk", "subject").iterator():
            texts = message_model.objects.filter(ticket_id=ticket.pk).values_list("body_text", flat=True)
            body = " ".join(stems("\n".join([ticket.subject, *texts])))
            cursor.execute(
                "INSERT INTO search_ticket_fts (ticket_id, body) VALUES (%s, %s)", [ticket.pk, body]
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_document_without_text")]

    operations = [migrations.RunPython(_recreate(_NEW, refill=True), _recreate(_OLD, refill=False))]

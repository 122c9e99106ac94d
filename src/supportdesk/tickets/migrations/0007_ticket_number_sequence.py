"""On PostgreSQL ticket numbers come from a SEQUENCE, so ticket-creating transactions no
longer queue on the counter row's lock; it starts after the counter's value (and after
any number in use). SQLite keeps the counter row (its writers are serialised anyway)."""

from django.db import migrations

SEQUENCE = "tickets_ticket_number_seq"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint")
    schema_editor.execute(
        f"SELECT setval('{SEQUENCE}', GREATEST("
        " (SELECT COALESCE(MAX(value), 1000) FROM tickets_ticketnumbercounter),"
        " (SELECT COALESCE(MAX(number), 0) FROM tickets_ticket), 1000))"
    )


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The counter row carries on from the last number the sequence gave.
    schema_editor.execute(
        "UPDATE tickets_ticketnumbercounter SET value = GREATEST(value,"
        " (SELECT COALESCE(MAX(number), 0) FROM tickets_ticket))"
    )
    schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_problem_kind")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]

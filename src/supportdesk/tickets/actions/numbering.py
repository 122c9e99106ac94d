from django.db import connection

# Created by migration 0007 on PostgreSQL only.
_SEQUENCE = "tickets_ticket_number_seq"


def next_ticket_number() -> int:
    """Reserve the next human-friendly number; must run inside the ticket's transaction.

    PostgreSQL: a SEQUENCE, which never blocks concurrent openers (a rolled-back opener
    leaves a gap in the numbers). Elsewhere (SQLite, whose writers are serialised anyway)
    the counter row: the UPDATE takes its lock and RETURNING saves a second round trip.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(%s)", [_SEQUENCE])
            row = cursor.fetchone()
            assert row is not None
            return int(row[0])
        cursor.execute(
            "UPDATE tickets_ticketnumbercounter SET value = value + 1 WHERE id = 1 RETURNING value"
        )
        row = cursor.fetchone()
        if row is None:
            # The migration creates the row; a flushed database (tests) has lost it.
            cursor.execute(
                "INSERT INTO tickets_ticketnumbercounter (id, value) VALUES (1, 1000) "
                "ON CONFLICT (id) DO NOTHING"
            )
            cursor.execute(
                "UPDATE tickets_ticketnumbercounter SET value = value + 1 WHERE id = 1 "
                "RETURNING value"
            )
            row = cursor.fetchone()
    assert row is not None
    return int(row[0])

from django.db import connection


def next_ticket_number() -> int:
    """Reserve the next human-friendly number; must run inside the ticket's transaction.

    The UPDATE takes the counter row's lock, so concurrent openers queue here instead of
    colliding on the unique number; RETURNING saves a second round trip.
    """
    with connection.cursor() as cursor:
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

"""Concurrent deliveries on PostgreSQL: real transactions, real row locks, two connections."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from supportdesk.tickets.inbound import ReceiveResult, receive
from supportdesk.tickets.models import Message, Ticket
from tests.tickets.factories import email_sender, inbound_email

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _run_concurrently(*calls: Callable[[], ReceiveResult]) -> list[ReceiveResult | BaseException]:
    barrier = threading.Barrier(len(calls))
    results: list[ReceiveResult | BaseException] = [None] * len(calls)  # type: ignore[list-item]

    def run(i: int, call: Callable[[], ReceiveResult]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except BaseException as exc:  # reported by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_concurrent_deliveries_of_one_message_store_it_once():
    assert connection.vendor == "postgresql"
    message = inbound_email(external_id="<race@mail.example>")

    results = _run_concurrently(lambda: receive(message), lambda: receive(message))

    assert all(isinstance(r, ReceiveResult) for r in results), results
    assert sorted(r.outcome for r in results) == ["created", "duplicate"]
    assert Message.objects.count() == 1
    assert Ticket.objects.count() == 1


def test_concurrent_first_messages_from_one_new_sender_make_one_contact_and_two_tickets():
    sender = email_sender("new@customer.example")
    results = _run_concurrently(
        lambda: receive(inbound_email(sender=sender)),
        lambda: receive(inbound_email(sender=sender)),
    )
    assert all(isinstance(r, ReceiveResult) for r in results), results
    tickets = Ticket.objects.all()
    assert tickets.count() == 2
    assert len({t.number for t in tickets}) == 2
    assert len({t.requester_id for t in tickets}) == 1

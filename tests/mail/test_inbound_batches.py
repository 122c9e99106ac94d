"""A poll's mail taken in as batches: one transaction each, and one bad email costs nothing."""

import pytest

from supportdesk.mail import inbound
from supportdesk.mail.inbound import take_in_emails
from supportdesk.mail.models import IntakeRecord
from supportdesk.tickets.models import DeliveryStatus, Message, OutboxDelivery, Ticket
from tests.mail.corpus import customer_message, raw_windows_1251_message

pytestmark = pytest.mark.django_db(transaction=True)


def _batch(*raws: bytes) -> list[tuple[bytes, None]]:
    return [(raw, None) for raw in raws]


def _mail(number: int, body: str = "Диаграмма не открывается") -> bytes:
    return customer_message(message_id=f"<b{number}@example.org>",
                            sender=f"client{number}@org.example", body=body)  # fmt: skip


def test_a_batch_is_stored_with_its_acknowledgements_sent_once_it_commits(mailbox, email_channel):
    outcomes = list(take_in_emails(_batch(_mail(1), _mail(2), raw_windows_1251_message()),
                                   mailbox=mailbox))  # fmt: skip

    assert [o.action for o in outcomes] == ["created", "created", "created"]
    assert [o.ticket_number for o in outcomes] == sorted(
        Ticket.objects.values_list("number", flat=True)
    )
    assert IntakeRecord.objects.count() == 3
    # One delivery task for the batch; each acknowledgement went out once.
    assert len(email_channel.sent) == 3
    assert set(OutboxDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_same_email_twice_in_one_batch_is_stored_once(mailbox, email_channel):
    outcomes = list(take_in_emails(_batch(_mail(1), _mail(1)), mailbox=mailbox))

    assert [(o.action, o.reason) for o in outcomes] == [("created", ""), ("ignored", "duplicate")]
    assert Message.objects.filter(external_id="b1@example.org").count() == 1
    assert IntakeRecord.objects.count() == 2


def test_a_follow_up_in_the_same_batch_finds_the_ticket_its_predecessor_opened(
    mailbox, email_channel
):
    first = _mail(1)
    answer = customer_message(message_id="<b2@example.org>", sender="client1@org.example",
                              in_reply_to="<b1@example.org>", body="Ещё подробности")  # fmt: skip
    outcomes = list(take_in_emails(_batch(first, answer), mailbox=mailbox))

    assert [o.action for o in outcomes] == ["created", "appended"]
    assert outcomes[0].ticket_number == outcomes[1].ticket_number


def test_an_email_that_breaks_the_intake_is_rejected_and_the_rest_of_its_batch_is_stored(
    mailbox, email_channel, monkeypatch, caplog
):
    real_split = inbound.split_reply

    def split_reply(text: str):  # a bug that one email triggers
        if "СЛОМАТЬ" in text:
            raise ValueError("boom")
        return real_split(text)

    monkeypatch.setattr(inbound, "split_reply", split_reply)
    batch = _batch(_mail(1), _mail(2, body="СЛОМАТЬ"), _mail(3))

    outcomes = list(take_in_emails(batch, mailbox=mailbox))

    assert [o.action for o in outcomes] == ["created", "rejected", "created"]
    assert outcomes[1].reason == "error: ValueError: boom"
    assert Ticket.objects.count() == 2
    assert IntakeRecord.objects.count() == 3  # each email logged once, none twice
    assert IntakeRecord.objects.get(external_id="b2@example.org").raw == batch[1][0]
    assert len(email_channel.sent) == 2  # the rolled-back batch sent nothing
    assert "a batch of 3 emails rolled back (ValueError: boom)" in caplog.text


def test_each_acknowledgement_of_a_batch_promises_its_own_tickets_due_time(mailbox, email_channel):
    from supportdesk.sla.models import SlaClock
    from supportdesk.sla.presentation import format_moscow
    from tests.customers.factories import OrganisationDomainFactory
    from tests.sla.factories import EnterpriseOrganisationFactory

    domains = [OrganisationDomainFactory.create(organisation=EnterpriseOrganisationFactory())
               for _ in range(2)]  # fmt: skip
    batch = [customer_message(message_id=f"<s{i}@example.org>", sender=f"c{i}@{d.domain}")
             for i, d in enumerate(domains)]  # fmt: skip
    batch.append(_mail(3))  # no organisation: no SLA, no promise

    outcomes = list(take_in_emails(_batch(*batch), mailbox=mailbox))

    for outcome in outcomes:
        ticket = Ticket.objects.get(number=outcome.ticket_number)
        body = ticket.messages.get(is_automatic=True).body_text
        clock = SlaClock.objects.filter(ticket=ticket).first()
        if clock is None:
            assert "Мы ответим до" not in body
        else:
            assert f"Мы ответим до {format_moscow(clock.due_at, 'ru')}" in body
            assert ticket.sla_due_at == clock.due_at  # the queue sorts by it
    assert SlaClock.objects.count() == 2


def test_large_mail_is_split_into_batches_of_a_bounded_size(monkeypatch):
    monkeypatch.setattr(inbound, "INTAKE_BATCH_BYTES", 100)
    monkeypatch.setattr(inbound, "INTAKE_BATCH", 3)
    delivered = [(b"x" * size, None) for size in (40, 40, 40, 150, 10, 10, 10, 10)]

    sizes = [[len(raw) for raw, _ in batch] for batch in inbound._batches(delivered)]

    assert sizes == [[40, 40], [40], [150], [10, 10, 10], [10]]


def test_a_batch_that_hits_a_deadlock_is_taken_in_email_by_email(
    mailbox, email_channel, monkeypatch, caplog
):
    from django.db import OperationalError

    real_detect = inbound.detect_automatic
    raised: list[str] = []

    def detect_automatic(parsed, **kwargs):  # the first time through, another worker holds
        if not raised:  # our lock
            raised.append(parsed.external_id)
            raise OperationalError("deadlock detected")
        return real_detect(parsed, **kwargs)

    monkeypatch.setattr(inbound, "detect_automatic", detect_automatic)

    outcomes = list(take_in_emails(_batch(_mail(1), _mail(2)), mailbox=mailbox))

    assert [o.action for o in outcomes] == ["created", "created"]
    assert Ticket.objects.count() == 2 and IntakeRecord.objects.count() == 2
    assert "rolled back (OperationalError: deadlock detected)" in caplog.text


def test_when_the_database_stays_unreachable_the_intake_stops_and_stores_nothing(
    mailbox, email_channel, monkeypatch
):
    from django.db import OperationalError

    def detect_automatic(parsed, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(inbound, "detect_automatic", detect_automatic)

    with pytest.raises(OperationalError):
        list(take_in_emails(_batch(_mail(1), _mail(2)), mailbox=mailbox))
    assert Ticket.objects.count() == 0 and IntakeRecord.objects.count() == 0  # mail stays unread

"""Large batches taken in by worker processes: order kept where it matters, once each."""

import pytest
from django.db import connection

from supportdesk.mail import parallel_intake
from supportdesk.mail.inbound import take_in_email
from supportdesk.mail.models import IntakeRecord
from supportdesk.mail.parallel_intake import chains, jobs, take_in_chains, worker_count
from supportdesk.tickets.models import Message, Ticket
from tests.customers.factories import OrganisationDomainFactory
from tests.mail.corpus import customer_message
from tests.mail.factories import MailboxFactory


def _mail(number: int, sender: str, in_reply_to: str = "") -> tuple[str, bytes, None]:
    raw = customer_message(message_id=f"<m{number}@example.org>", sender=sender,
                           subject=f"Вопрос {number}", in_reply_to=in_reply_to)  # fmt: skip
    return str(number), raw, None


def test_mail_of_one_sender_and_answers_stay_in_one_chain_in_mailbox_order():
    batch = [
        _mail(1, "olga@romashka.example"),
        _mail(2, "ivan@lutik.example"),
        _mail(3, "olga@romashka.example"),
        _mail(4, "petr@romashka.example", in_reply_to="<m2@example.org>"),
        _mail(5, "anna@vasilek.example"),
    ]
    grouped = [[uid for uid, _, _ in chain] for chain in chains(batch)]
    assert sorted(grouped) == [["1", "3"], ["2", "4"], ["5"]]


def test_mail_with_unreadable_headers_goes_in_on_its_own():
    batch = [("1", b"\xff\xfe garbage", None), _mail(2, "olga@romashka.example")]
    assert sorted(len(chain) for chain in chains(batch)) == [1, 1]


def test_chains_are_packed_into_jobs_of_a_batch_without_being_split():
    batch = [_mail(i, f"s{i % 7}@example.org") for i in range(70)]  # 7 chains of 10
    batch += [_mail(100 + i, "long@example.org") for i in range(60)]  # one chain of 60
    packed = jobs(chains(batch), size=25)

    assert sorted(len(job) for job in packed) == [10, 20, 20, 20, 60]
    for job in packed:  # every chain whole inside one job, in mailbox order
        for sender in {raw.split(b"From: ")[1].split(b"\n")[0] for _, raw, _ in job}:
            mine = [int(uid) for uid, raw, _ in job if b"From: " + sender + b"\n" in raw]
            everywhere = [int(uid) for uid, raw, _ in batch if b"From: " + sender + b"\n" in raw]
            assert mine == everywhere


@pytest.mark.django_db
def test_small_batches_and_sqlite_stay_in_this_process():
    assert worker_count(parallel_intake.MIN_PARALLEL_BATCH - 1, 3) == 1
    assert worker_count(1000, 1) == 1
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        assert worker_count(1000, 3) == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
# The runner keeps idle server threads (Dovecot, SMTP sink) that `poll` would refuse to fork
# next to; called directly here, the fork is safe: those threads hold no lock we need.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_workers_take_in_each_message_once_and_thread_replies(email_channel):
    assert connection.vendor == "postgresql"
    mailbox = MailboxFactory.create(address="help@desk.example")
    for domain in ("org0.example", "org1.example", "org2.example"):  # colleagues may answer
        OrganisationDomainFactory.create(domain=domain)
    senders = [f"client{i}@org{i % 3}.example" for i in range(9)]
    batch = [_mail(i, senders[i % 9]) for i in range(24)]
    # A colleague (same organisation, another sender) answers each of the first eight.
    batch += [_mail(100 + i, senders[(i + 3) % 9], in_reply_to=f"<m{i}@example.org>")
              for i in range(8)]  # fmt: skip
    batch.append(batch[0])  # the same mail delivered twice
    taken = {}
    for result in take_in_chains(chains(batch), mailbox=mailbox,
                                 desk_addresses={"help@desk.example"}, workers=3):  # fmt: skip
        assert result.error == ""
        for uid, outcome in result.taken:
            taken.setdefault(uid, []).append((outcome.action, outcome.reason))

    assert sorted(taken["0"]) == [("created", ""), ("ignored", "duplicate")]
    assert sum(len(v) for v in taken.values()) == len(batch)
    assert Ticket.objects.count() == 24  # the answers joined their tickets
    assert IntakeRecord.objects.count() == len(batch)
    for i in range(8):
        reply = Message.objects.get(external_id=f"m{100 + i}@example.org")
        assert reply.ticket.messages.filter(external_id=f"m{i}@example.org").exists()
    numbers = list(Ticket.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    # Afterwards this process's own connection still works.
    outcome = take_in_email(customer_message(message_id="<after@example.org>"), mailbox=mailbox)
    assert outcome.action == "created"

from datetime import timedelta

import pytest
from django.utils import timezone

from supportdesk.mail import imap
from supportdesk.mail.actions import polling
from supportdesk.mail.actions.polling import do_poll_mailbox
from supportdesk.mail.models import Mailbox
from supportdesk.mail.selectors import mailbox_due_ids
from tests.mail.corpus import customer_message

pytestmark = pytest.mark.django_db


def test_poll_records_when_it_ran_and_releases_the_mailbox(dovecot, imap_mailbox, email_channel):
    dovecot.append(customer_message(message_id="<p1@romashka.example>"))
    report = do_poll_mailbox(imap_mailbox.pk)
    assert report is not None and report.count("created") == 1
    imap_mailbox.refresh_from_db()
    assert imap_mailbox.last_polled_at is not None
    assert imap_mailbox.poll_lease_until is None
    assert imap_mailbox.last_error == ""


def test_a_mailbox_another_worker_holds_is_not_polled_twice(imap_mailbox):
    Mailbox.objects.filter(pk=imap_mailbox.pk).update(
        poll_lease_until=timezone.now() + timedelta(minutes=5)
    )
    assert do_poll_mailbox(imap_mailbox.pk) is None


def test_a_stale_lease_of_a_dead_worker_expires(dovecot, imap_mailbox, email_channel):
    Mailbox.objects.filter(pk=imap_mailbox.pk).update(
        poll_lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert do_poll_mailbox(imap_mailbox.pk) is not None


def test_a_wrong_password_is_shown_on_the_mailbox_and_nothing_is_lost(dovecot, imap_mailbox):
    dovecot.append(customer_message(message_id="<p2@romashka.example>"))
    Mailbox.objects.filter(pk=imap_mailbox.pk).update(imap_password="wrong")
    assert do_poll_mailbox(imap_mailbox.pk) is None
    imap_mailbox.refresh_from_db()
    assert "Login" in imap_mailbox.last_error or "AUTHENTICATIONFAILED" in imap_mailbox.last_error
    assert dovecot.unseen_count() == 1


def test_inactive_mailbox_is_not_polled(imap_mailbox):
    Mailbox.objects.filter(pk=imap_mailbox.pk).update(is_active=False)
    assert do_poll_mailbox(imap_mailbox.pk) is None


def test_watcher_is_woken_by_new_mail_through_imap_idle(dovecot, imap_mailbox, email_channel):
    import threading
    import time

    from supportdesk.mail.actions.polling import do_watch_mailbox
    from supportdesk.tickets.models import Ticket

    def deliver_later() -> None:
        time.sleep(0.5)
        dovecot.append(customer_message(message_id="<idle@romashka.example>"))

    threading.Thread(target=deliver_later, daemon=True).start()
    started = time.monotonic()
    do_watch_mailbox(
        imap_mailbox.pk,
        should_stop=lambda: Ticket.objects.exists() or time.monotonic() - started > 20,
    )
    imap_mailbox.refresh_from_db()
    assert Ticket.objects.count() == 1, f"last error: {imap_mailbox.last_error!r}"
    assert time.monotonic() - started < 15  # woken by IDLE, not by its 60 s timeout
    assert imap_mailbox.poll_lease_until is None and imap_mailbox.last_polled_at is not None


def test_mail_arriving_between_the_search_and_idle_wakes_the_watcher(
    dovecot, imap_mailbox, email_channel, monkeypatch
):
    """The server reports mail that came after the last command as soon as IDLE starts, often
    in the same packet as its "+ idling": a line already in imaplib's buffer is invisible to a
    wait on the socket, and such a message waited for the IDLE timeout (a minute)."""
    import time

    from supportdesk.mail.actions.polling import do_watch_mailbox
    from supportdesk.tickets.models import Ticket

    take_in = imap.take_in_unread
    rounds: list[int] = []

    def take_in_then_mail_arrives(*args, **kwargs):
        report = take_in(*args, **kwargs)
        if not rounds:
            dovecot.append(customer_message(message_id="<between@romashka.example>"))
        rounds.append(len(report.outcomes))
        return report

    monkeypatch.setattr(imap, "take_in_unread", take_in_then_mail_arrives)
    started = time.monotonic()
    do_watch_mailbox(
        imap_mailbox.pk,
        should_stop=lambda: Ticket.objects.exists() or time.monotonic() - started > 20,
    )
    assert Ticket.objects.count() == 1
    assert rounds == [0, 1]
    assert time.monotonic() - started < 15  # not the IDLE timeout


def test_mail_arriving_while_earlier_mail_is_taken_in_is_not_left_for_the_idle_timeout(
    dovecot, imap_mailbox, email_channel, monkeypatch
):
    """The server tells of it in the middle of the round (with the answer to marking the first
    message read); IDLE will not repeat it, so the round's own news must send the watcher to
    search again instead of waiting."""
    import time

    from supportdesk.mail.actions.polling import do_watch_mailbox
    from supportdesk.tickets.models import Ticket

    dovecot.append(customer_message(message_id="<first@romashka.example>"))
    take_in, arrived = imap.take_in_emails, []

    def take_in_while_more_mail_arrives(*args, **kwargs):
        if not arrived:
            arrived.append(dovecot.append(customer_message(message_id="<second@romashka.example>")))
        return take_in(*args, **kwargs)

    monkeypatch.setattr(imap, "take_in_emails", take_in_while_more_mail_arrives)
    started = time.monotonic()
    do_watch_mailbox(
        imap_mailbox.pk,
        should_stop=lambda: Ticket.objects.count() == 2 or time.monotonic() - started > 20,
    )
    assert Ticket.objects.count() == 2
    assert time.monotonic() - started < 15  # not the IDLE timeout


def test_a_quiet_mailbox_is_searched_once_per_idle_timeout(dovecot, imap_mailbox):
    import time

    rounds: list[imap.PollReport] = []
    started = time.monotonic()
    imap.watch(
        imap_mailbox,
        should_stop=lambda: time.monotonic() - started > 3,
        on_poll=rounds.append,
        idle_seconds=2,
    )
    assert 2 <= len(rounds) <= 3  # at 0 s and 2 s (and 4 s on a slow machine), not in a loop


def test_a_poll_killed_mid_way_leaves_its_mailbox_to_the_next_poll_within_a_minute(
    dovecot, imap_mailbox, email_channel, monkeypatch
):
    """A SIGKILLed worker never reaches the poll's `finally`: the mailbox stays leased as the poll
    left it. The soak (bench/soak.py) found mail stalled for ten minutes after such a kill."""
    monkeypatch.setattr(imap, "INTAKE_BATCH", 1)  # one commit per email
    monkeypatch.setattr(polling, "RENEW_EVERY_SECONDS", 0, raising=False)
    dovecot.append(*[customer_message(message_id=f"<k{i}@romashka.example>") for i in range(3)])
    take_in, leases = imap.take_in_emails, []

    def take_in_watching_the_lease(*args, **kwargs):
        leases.append(Mailbox.objects.get(pk=imap_mailbox.pk).poll_lease_until)
        return take_in(*args, **kwargs)

    monkeypatch.setattr(imap, "take_in_emails", take_in_watching_the_lease)
    report = do_poll_mailbox(imap_mailbox.pk)

    assert report is not None and report.count("created") == 3
    assert leases[0] < leases[1] < leases[2]  # renewed as the intake commits
    for lease in leases:  # what a kill at that moment would leave behind
        Mailbox.objects.filter(pk=imap_mailbox.pk).update(poll_lease_until=lease)
        assert mailbox_due_ids(now=timezone.now() + timedelta(minutes=1)) == [imap_mailbox.pk]

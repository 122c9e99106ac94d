"""Against a real Dovecot: polling, never blocking, exactly-once across a crash."""

import pytest

from supportdesk.mail.imap import poll
from supportdesk.mail.models import IntakeRecord
from supportdesk.tickets.models import Message, Ticket
from tests.mail.corpus import (
    customer_message,
    fixture,
    message_with_office_attachments,
    raw_windows_1251_message,
    utf8_8bit_message_with_backslashes,
)

pytestmark = pytest.mark.django_db


def test_unread_mail_becomes_tickets_and_is_marked_seen(dovecot, imap_mailbox, email_channel):
    dovecot.append(
        fixture("ru_utf8_b64_subject_html_related.eml"),
        fixture("ru_koi8r_base64_thunderbird.eml"),
        message_with_office_attachments(),
    )
    report = poll(imap_mailbox)
    assert [o.action for o in report.outcomes] == ["created"] * 3
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        "Алфавит", "Отчёты во вложении", "Соберите всю почту в этот ящик",
    ]  # fmt: skip
    assert dovecot.unseen_count() == 0
    assert poll(imap_mailbox).fetched == 0


def test_raw_windows_1251_message_does_not_block_the_messages_after_it(
    dovecot, imap_mailbox, email_channel
):
    dovecot.append(
        customer_message(message_id="<before@romashka.example>"),
        raw_windows_1251_message(),
        utf8_8bit_message_with_backslashes(),
        customer_message(message_id="<after@romashka.example>", subject="Второе письмо"),
    )
    report = poll(imap_mailbox)
    assert [o.action for o in report.outcomes] == ["created"] * 4
    assert Ticket.objects.filter(subject="Не проходит выгрузка в 1С").exists()
    assert Ticket.objects.filter(subject="Путь C:\\Users\\buh\\new").exists()
    assert dovecot.unseen_count() == 0


def test_a_message_the_intake_cannot_handle_is_kept_and_does_not_block_the_rest(
    dovecot, imap_mailbox, email_channel, monkeypatch
):
    from supportdesk.mail import inbound

    real_split = inbound.split_reply

    def split_or_fail(text):
        if "взорвётся" in text:
            raise RuntimeError("unexpected")
        return real_split(text)

    monkeypatch.setattr(inbound, "split_reply", split_or_fail)
    dovecot.append(
        customer_message(message_id="<bad@romashka.example>", body="Это письмо взорвётся"),
        customer_message(message_id="<good@romashka.example>"),
    )
    report = poll(imap_mailbox)
    assert [o.action for o in report.outcomes] == ["rejected", "created"]
    assert IntakeRecord.objects.get(action="rejected").raw is not None
    assert dovecot.unseen_count() == 0


def test_auto_reply_and_bounce_are_ignored_but_logged(dovecot, imap_mailbox, email_channel):
    dovecot.append(
        fixture("autoreply_rfc3834_away.eml"), fixture("bounce_postfix_mailbox_full.eml")
    )
    report = poll(imap_mailbox)
    assert [o.action for o in report.outcomes] == ["ignored", "ignored"]
    assert Ticket.objects.count() == 0
    assert IntakeRecord.objects.filter(action="ignored").count() == 2
    assert email_channel.sent == []


def test_reply_threads_into_the_ticket_through_imap(dovecot, imap_mailbox, email_channel):
    dovecot.append(customer_message(message_id="<q@romashka.example>"))
    [first] = poll(imap_mailbox).outcomes
    dovecot.append(
        customer_message(
            message_id="<r@romashka.example>",
            subject=f"Re: [#{first.ticket_number}] Диаграмма",
            body="Спасибо, заработало.\n\n12 янв. 2026 г. в 10:00, Поддержка <help@desk.example>:\n> Очистите кэш.",
        )
    )
    [reply] = poll(imap_mailbox).outcomes
    assert (reply.action, reply.ticket_number) == ("appended", first.ticket_number)
    message = Message.objects.get(external_id="r@romashka.example")
    assert message.body_text == "Спасибо, заработало."


def test_the_same_message_delivered_twice_is_stored_once(dovecot, imap_mailbox, email_channel):
    raw = customer_message(message_id="<dup@romashka.example>")
    dovecot.append(raw, raw)
    report = poll(imap_mailbox)
    assert [(o.action, o.reason) for o in report.outcomes] == [
        ("created", ""),
        ("ignored", "duplicate"),
    ]
    assert Message.objects.filter(external_id="dup@romashka.example").count() == 1
    assert dovecot.unseen_count() == 0


class WorkerKilled(BaseException):
    """Stands for SIGKILL between the commit and the \\Seen flag: no handler may catch it."""


@pytest.mark.django_db(transaction=True)
def test_crash_after_commit_before_seen_is_stored_once_by_the_next_poll(
    dovecot, imap_mailbox, email_channel
):
    dovecot.append(
        customer_message(message_id="<crash@romashka.example>"),
        customer_message(message_id="<later@romashka.example>", subject="Другое"),
    )

    def kill(outcome):
        raise WorkerKilled

    with pytest.raises(WorkerKilled):
        poll(imap_mailbox, after_commit=kill)
    ids = ["crash@romashka.example", "later@romashka.example"]
    assert Message.objects.filter(external_id__in=ids).count() == 2  # one batch, one commit
    assert dovecot.unseen_count() == 2  # committed, but never marked

    report = poll(imap_mailbox)
    assert [(o.action, o.reason) for o in report.outcomes] == [("ignored", "duplicate")] * 2
    assert Message.objects.filter(external_id__in=ids).count() == 2
    assert Ticket.objects.count() == 2
    assert len(email_channel.sent) == 2  # one acknowledgement per ticket, none repeated
    assert dovecot.unseen_count() == 0


def test_worker_killed_between_commit_and_seen_stores_the_message_once(dovecot, tmp_path):
    """A real SIGKILL of a polling process after its commit; a new process polls again."""
    import json
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    dovecot.clear()
    dovecot.append(
        customer_message(message_id="<killed@romashka.example>"),
        customer_message(message_id="<next@romashka.example>", subject="Другое"),
    )
    root = Path(__file__).resolve().parents[2]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"SUPPORTDESK_VAR_DIR": str(tmp_path), "PYTHONPATH": f"{root}:{root / 'src'}"}
    command = [sys.executable, "-m", "tests.mail.poll_worker", str(dovecot.port)]

    killed = subprocess.run([*command, "--kill-after-commit"], env=env, cwd=root,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert dovecot.unseen_count() == 2  # both were committed (one batch), neither marked \Seen

    again = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True,  # noqa: S603
                           timeout=120, check=True)  # fmt: skip
    state = json.loads(again.stdout.strip().splitlines()[-1])
    assert state["messages"] == 2 and state["tickets"] == 2
    assert state["records"] == [["created", ""], ["created", ""],
                                ["ignored", "duplicate"], ["ignored", "duplicate"]]  # fmt: skip
    assert dovecot.unseen_count() == 0

import json
from io import StringIO

import pytest
from django.core.management import call_command

from supportdesk.tickets.models import Ticket
from tests.mail.corpus import FIXTURES

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[dict]:
    out = StringIO()
    call_command("mail", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_import_prints_one_json_line_per_file(email_channel, tmp_path):
    files = [
        FIXTURES / "ru_koi8r_base64_thunderbird.eml",
        FIXTURES / "autoreply_rfc3834_away.eml",
        FIXTURES / "ru_koi8r_base64_thunderbird.eml",
    ]
    lines = run("import", *map(str, files))
    ticket = Ticket.objects.get()
    assert lines == [
        {"file": str(files[0]), "action": "created", "reason": "", "ticket": ticket.number},
        {"file": str(files[1]), "action": "ignored", "reason": "auto_reply: Auto-Submitted: auto-replied", "ticket": None},
        {"file": str(files[2]), "action": "ignored", "reason": "duplicate", "ticket": None},
    ]  # fmt: skip


def test_import_of_a_missing_file_reports_it_and_goes_on(email_channel, tmp_path):
    missing = tmp_path / "nope.eml"
    lines = run("import", str(missing), str(FIXTURES / "reply_gmail.eml"))
    assert lines[0]["action"] == "rejected" and lines[0]["reason"].startswith("unreadable")
    assert lines[1]["action"] == "created"


def test_poll_reads_the_mailbox_now(dovecot, imap_mailbox, email_channel):
    dovecot.append((FIXTURES / "reply_gmail.eml").read_bytes())
    [summary] = run("poll", "--mailbox", str(imap_mailbox.pk))
    assert summary == {
        "mailbox": imap_mailbox.pk,
        "polled": True,
        "created": 1,
        "appended": 0,
        "ignored": 0,
        "rejected": 0,
    }

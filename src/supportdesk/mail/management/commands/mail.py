"""`supportdesk mail import FILE.eml…` and `supportdesk mail poll`: the intake from a shell.

`watch --mailbox ID` keeps an IMAP IDLE connection and takes mail in as it arrives.
`import` feeds raw messages through the same intake as IMAP and prints one JSON line per
file: {"file", "action": "created|appended|ignored|rejected", "reason", "ticket"}.
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.mail.actions.polling import do_poll_mailbox, do_watch_mailbox
from supportdesk.mail.inbound import take_in_email
from supportdesk.mail.models import Mailbox


class Command(BaseCommand):
    help = "Email channel tools: import .eml files, poll mailboxes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        importer = sub.add_parser("import", help="Take in raw RFC 5322 files (.eml).")
        importer.add_argument("files", nargs="+", type=Path)
        importer.add_argument("--mailbox", type=int, help="id of the mailbox they arrived at")
        poller = sub.add_parser("poll", help="Poll active mailboxes (or one) now.")
        poller.add_argument("--mailbox", type=int)
        watcher = sub.add_parser(
            "watch", help="Take in mail as it arrives (IMAP IDLE) until interrupted."
        )
        watcher.add_argument("--mailbox", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import":
            self._import(options["files"], _mailbox(options["mailbox"]))
        elif options["subcommand"] == "watch":
            stop = threading.Event()
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            do_watch_mailbox(options["mailbox"], should_stop=stop.is_set)
        else:
            self._poll(options["mailbox"])

    def _import(self, files: list[Path], mailbox: Mailbox | None) -> None:
        for path in files:
            line: dict[str, object]
            try:
                raw = path.read_bytes()
            except OSError as exc:
                line = {
                    "file": str(path),
                    "action": "rejected",
                    "reason": f"unreadable: {exc.strerror}",
                    "ticket": None,
                }
            else:
                outcome = take_in_email(raw, mailbox=mailbox, source="import")
                line = {
                    "file": str(path),
                    "action": str(outcome.action),
                    "reason": outcome.reason,
                    "ticket": outcome.ticket_number,
                }
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _poll(self, mailbox_id: int | None) -> None:
        ids = (
            [mailbox_id]
            if mailbox_id
            else list(Mailbox.objects.filter(is_active=True).values_list("pk", flat=True))
        )
        for pk in ids:
            report = do_poll_mailbox(pk)
            summary: dict[str, Any] = {"mailbox": pk, "polled": report is not None}
            if report is not None:
                summary |= {
                    a: report.count(a) for a in ("created", "appended", "ignored", "rejected")
                }
            self.stdout.write(json.dumps(summary))


def _mailbox(mailbox_id: int | None) -> Mailbox | None:
    if mailbox_id is None:
        return None
    try:
        return Mailbox.objects.get(pk=mailbox_id)
    except Mailbox.DoesNotExist as exc:
        raise CommandError(f"No mailbox {mailbox_id}") from exc

"""A polling worker in its own process, for the crash test: `python -m tests.mail.poll_worker PORT [--kill-after-commit]`.

Uses the embedded settings (SQLite under SUPPORTDESK_VAR_DIR). With --kill-after-commit the
process SIGKILLs itself right after the first intake transaction commits, before \\Seen.
Otherwise it polls once and prints {"messages": …, "tickets": …, "records": …} as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "supportdesk.config.settings.embedded"
    import django

    django.setup()
    from django.core.management import call_command

    from supportdesk.mail.imap import poll
    from supportdesk.mail.inbound import IntakeOutcome
    from supportdesk.mail.models import IntakeRecord, Mailbox, Security
    from supportdesk.tickets.models import Message, Ticket
    from tests.mail.servers import IMAP_PASSWORD, IMAP_USER

    call_command("migrate", verbosity=0)
    mailbox, _ = Mailbox.objects.get_or_create(
        address="help@desk.example",
        defaults={"name": "Crash", "imap_host": "127.0.0.1", "imap_port": int(sys.argv[1]),
                  "imap_security": Security.NONE, "imap_login": IMAP_USER,
                  "imap_password": IMAP_PASSWORD},
    )  # fmt: skip

    def die(outcome: IntakeOutcome) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    poll(mailbox, after_commit=die if "--kill-after-commit" in sys.argv else None)
    print(json.dumps({
        "messages": Message.objects.filter(author_contact__isnull=False).count(),
        "tickets": Ticket.objects.count(),
        "records": list(IntakeRecord.objects.order_by("pk").values_list("action", "reason")),
    }))  # fmt: skip


if __name__ == "__main__":
    main()

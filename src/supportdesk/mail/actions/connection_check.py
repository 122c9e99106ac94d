"""Trying a mailbox's servers from the admin: IMAP login and SMTP greeting with login, each
reported in plain words with the server's own answer, never a traceback."""

from __future__ import annotations

import imaplib
import smtplib
import socket
import ssl
from dataclasses import dataclass

from django.utils.translation import gettext as _
from imap_tools import MailboxLoginError

from supportdesk.mail.imap import connect
from supportdesk.mail.models import Mailbox
from supportdesk.mail.outbound import mailbox_connection


@dataclass(frozen=True)
class ServerCheck:
    protocol: str  # "IMAP" or "SMTP"
    ok: bool
    detail: str


def check_mailbox_connection(mailbox: Mailbox) -> list[ServerCheck]:
    checks = [_check_imap(mailbox)]
    if mailbox.smtp_host:
        checks.append(_check_smtp(mailbox))
    return checks


def _check_imap(mailbox: Mailbox) -> ServerCheck:
    try:
        with connect(mailbox) as client:
            folder = mailbox.imap_folder or "INBOX"
            unread = len(client.uids("UNSEEN"))
    except MailboxLoginError as exc:
        return ServerCheck("IMAP", False, _login_refused(exc))
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
        return ServerCheck(
            "IMAP", False, _network_problem(mailbox.imap_host, mailbox.imap_port, exc)
        )
    return ServerCheck(
        "IMAP",
        True,
        _("signed in; folder %(folder)s has %(unread)d unread messages")
        % {"folder": folder, "unread": unread},
    )


def _check_smtp(mailbox: Mailbox) -> ServerCheck:
    connection = mailbox_connection(mailbox)
    try:
        connection.open()
    except smtplib.SMTPAuthenticationError as exc:
        return ServerCheck("SMTP", False, _login_refused(exc))
    except (OSError, smtplib.SMTPException) as exc:
        return ServerCheck(
            "SMTP", False, _network_problem(mailbox.smtp_host, mailbox.smtp_port, exc)
        )
    finally:
        connection.close()
    return ServerCheck("SMTP", True, _("the server accepted the connection and the login"))


def _login_refused(exc: Exception) -> str:
    return _("the server refused the login or password (it said: %(answer)s)") % {
        "answer": str(exc)[:300]
    }


def _network_problem(host: str, port: int, exc: BaseException) -> str:
    where = f"{host}:{port}"
    if isinstance(exc, ConnectionRefusedError):
        return _("nothing answers at %(where)s: check the host and port") % {"where": where}
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return _("%(where)s did not answer in time") % {"where": where}
    if isinstance(exc, socket.gaierror):
        return _("the host name %(host)s is not known") % {"host": host}
    if isinstance(exc, ssl.SSLError):
        return _(
            "the encrypted connection to %(where)s failed: check the security setting (%(error)s)"
        ) % {
            "where": where,
            "error": exc.reason or exc,
        }
    return _("the server at %(where)s answered with an error: %(error)s") % {
        "where": where,
        "error": str(exc)[:300] or type(exc).__name__,
    }

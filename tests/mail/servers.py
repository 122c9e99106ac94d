"""Real mail servers for the tests and the benchmark: Dovecot (IMAP) and an aiosmtpd sink.

Dovecot runs from its own config on a free loopback port, with a Maildir in a temp dir,
as `dovecot -c FILE` (DESIGN.md §4); it is stopped with `dovecot -c FILE stop`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from imap_tools import MailBoxUnencrypted

IMAP_USER = "help"
IMAP_PASSWORD = "secret-imap-password"

_CONFIG = """
listen = 127.0.0.1
protocols = imap
base_dir = {root}/run
state_dir = {root}/state
instance_name = supportdesk-test-{port}
log_path = {root}/dovecot.log
ssl = no
{cleartext}
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dovecot_version() -> tuple[int, ...]:
    out = subprocess.run(["dovecot", "--version"], capture_output=True, text=True, check=True)  # noqa: S607
    return tuple(int(p) for p in out.stdout.split()[0].split(".")[:2])


@dataclass
class Dovecot:
    root: Path
    port: int
    config: Path

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / IMAP_USER

    def client(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted("127.0.0.1", self.port).login(IMAP_USER, IMAP_PASSWORD)

    def append(self, *messages: bytes) -> None:
        with self.client() as box:
            for raw in messages:
                box.append(raw, "INBOX", dt=None, flag_set=())

    def clear(self) -> None:
        with self.client() as box:
            uids = box.uids("ALL")
            if uids:
                box.delete(uids)

    def unseen_count(self) -> int:
        with self.client() as box:
            return len(box.uids("UNSEEN"))


@contextlib.contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    if shutil.which("dovecot") is None:
        raise RuntimeError("dovecot is not installed: apt-get install dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="supportdesk-dovecot-"))
    port = free_port()
    nobody = pwd.getpwnam("nobody")
    uid, gid = (nobody.pw_uid, nobody.pw_gid) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    for sub in ("mail", "home"):
        os.chown(root / sub, uid, gid)
    root.chmod(0o755)
    (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    cleartext = (
        "auth_allow_cleartext = yes"
        if _dovecot_version() >= (2, 4)
        else "disable_plaintext_auth = no"
    )
    config = root / "dovecot.conf"
    config.write_text(_CONFIG.format(root=root, port=port, uid=uid, gid=gid, cleartext=cleartext))
    subprocess.run(["dovecot", "-c", str(config)], check=True)  # noqa: S603, S607
    try:
        _wait_for_port(port, root / "dovecot.log")
        yield Dovecot(root, port, config)
    finally:
        subprocess.run(["dovecot", "-c", str(config), "stop"], check=False)  # noqa: S603, S607
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"dovecot did not start: {log.read_text() if log.exists() else ''}")


@dataclass
class SmtpSink:
    """An aiosmtpd server that keeps what it is given, or refuses recipients as told."""

    port: int = 0
    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[Envelope] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def clear(self) -> None:
        self.received.clear()
        self.envelopes.clear()
        self.refuse.clear()


@contextlib.contextmanager
def running_smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()

"""Real mail from tests/mail/fixtures/ (provenance in SOURCES.md) and messages shaped after it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def raw_windows_1251_message(message_id: str = "<bat-1@buh.example.ru>") -> bytes:
    """What The Bat!, old Outlook and 1C mailers send: 8-bit windows-1251, nothing declared."""
    subject = "Не проходит выгрузка в 1С"
    body = (
        "Добрый день!\r\nПри выгрузке отчёта программа пишет «Ошибка доступа».\r\n"
        "Файл лежит в C:\\Users\\buh\\new\\отчёт.xml\r\n\r\nС уважением, Галина Петровна\r\n"
    )
    head = (
        f"From: Галина Петровна <buh@buh.example.ru>\r\n"
        f"To: help@desk.example\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n"
        f"Date: Mon, 12 Jan 2026 10:15:00 +0300\r\n"
        f"X-Mailer: The Bat! (v9.4.1) Professional\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return (head + body).encode("cp1251")


def utf8_8bit_message_with_backslashes(message_id: str = "<path-1@buh.example.ru>") -> bytes:
    """Un-encoded UTF-8 (8bit) text with Windows paths: `\\n`, `\\b`, `\\U` must survive."""
    head = (
        "From: buh@romashka.example\r\nTo: help@desk.example\r\n"
        "Subject: Путь C:\\Users\\buh\\new\r\n"
        f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    )
    body = "Отчёт лежит в C:\\Users\\buh\\new и в \\\\server\\bak\\x41\r\n"
    return (head + body).encode("utf-8")


def office_zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<root/>")
    return buffer.getvalue()


def message_with_office_attachments(message_id: str = "<office-1@romashka.example>") -> bytes:
    message = EmailMessage()
    message["From"] = "Ольга <olga@romashka.example>"
    message["To"] = "help@desk.example"
    message["Subject"] = "Отчёты во вложении"
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(datetime(2026, 1, 12, 7, 0, tzinfo=UTC))
    message.set_content("Прикладываю отчёты и архив с логами.")
    files = [
        ("отчёт за декабрь.xlsx", "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet", office_zip("xl/workbook.xml")),
        ("договор.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document", office_zip("word/document.xml")),
        ("logs.zip", "application", "zip", office_zip("app.log")),
        ("app.log", "text", "plain", b"2026-01-12 ERROR boom\n"),
        ("session.har", "application", "json", b'{"log": {"version": "1.2", "entries": []}}'),
    ]  # fmt: skip
    for name, main, sub, content in files:
        if main == "text":
            message.add_attachment(content.decode(), subtype=sub, filename=name)
        else:
            message.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return message.as_bytes()


def customer_message(
    *,
    message_id: str,
    subject: str = "Диаграмма не открывается",
    body: str = "Добрый день! Диаграмма не открывается после обновления.",
    sender: str = "Ольга <olga@romashka.example>",
    in_reply_to: str = "",
    extra_headers: dict[str, str] | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """A plain customer email; `attachments` are (filename, bytes), sent as binary parts."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "help@desk.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(datetime(2026, 1, 12, 7, 0, tzinfo=UTC))
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (extra_headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, content in attachments:
        message.add_attachment(
            content, maintype="application", subtype="octet-stream", filename=filename
        )
    return message.as_bytes()

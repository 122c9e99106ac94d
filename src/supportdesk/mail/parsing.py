"""Raw RFC 5322 bytes → a frozen `ParsedEmail`; never raises on what real mail contains.

The standard library's modern API (`policy.default`) does the MIME structure; headers and
bodies are decoded by `mail.charsets`, which copes with raw 8-bit, lying and unknown
charsets. When the modern API raises on a broken message, the `compat32` parser is used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import mimetypes
import quopri
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message as StdMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from supportdesk.mail.charsets import decode_bytes, decode_header_text, raw_header_bytes
from supportdesk.mail.html_text import html_to_text

logger = logging.getLogger(__name__)

# Longer Message-IDs (seen from broken mailers) are hashed to fit the channel id column.
_LONGEST_KEPT_ID = 400
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    inline: bool = False
    content_id: str = ""


@dataclass(frozen=True)
class ParsedEmail:
    raw: bytes
    message_id: str
    subject: str
    from_address: str
    from_name: str
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    date: datetime | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    text: str = ""
    html: str = ""
    attachments: tuple[ParsedAttachment, ...] = ()
    content_type: str = "text/plain"
    report_type: str = ""
    # Decoded headers, names lower-cased, in order (a name may repeat).
    headers: tuple[tuple[str, str], ...] = ()
    # Parts that are reports' machine-readable halves (delivery status, original headers).
    report_parts: tuple[str, ...] = ()
    defects: tuple[str, ...] = field(default=())

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def external_id(self) -> str:
        """The channel id: the Message-ID, or a content hash when the header is missing."""
        if len(self.message_id) > _LONGEST_KEPT_ID:
            return f"sha256:{hashlib.sha256(self.message_id.encode()).hexdigest()}"
        return self.message_id or f"sha256:{self.content_hash}"

    def header(self, name: str) -> str:
        lowered = name.lower()
        return next((value for key, value in self.headers if key == lowered), "")

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Every Message-ID this message answers, the most direct first."""
        seen: dict[str, None] = dict.fromkeys(self.in_reply_to)
        seen.update(dict.fromkeys(reversed(self.references)))
        return tuple(seen)


def message_ids(value: str) -> tuple[str, ...]:
    """Message-IDs in a header value, without angle brackets (a bare id is accepted too)."""
    # Raw 8-bit bytes arrive as surrogates, which no database can store; NUL neither.
    value = decode_bytes(raw_header_bytes(value)).replace("\x00", "")
    found = _MESSAGE_ID.findall(value)
    if not found and value.strip() and " " not in value.strip():
        found = [value.strip().strip("<>")]
    return tuple(found)


class _ReusedHeaders(HeaderRegistry):
    """The modern policy re-parses a header on every access (the parser itself asks for
    Content-Type again and again); parsed headers are immutable, so equal ones are shared."""

    _LIMIT = 4096

    def __init__(self) -> None:
        super().__init__()
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def __call__(self, name: str, value: str) -> BaseHeader:
        key = (name, value)
        header = self._parsed.get(key)
        if header is None:
            if len(self._parsed) >= self._LIMIT:
                self._parsed.clear()
            header = self._parsed[key] = super().__call__(name, value)
        return header


_MODERN = policy.default.clone(header_factory=_ReusedHeaders())


def parse_email(raw: bytes) -> ParsedEmail:
    try:
        modern = BytesParser(policy=_MODERN).parsebytes(raw)
        if not _lost_its_parts(modern):
            return _build(raw, modern)
        # e.g. an unquoted `boundary=----=_NextPart…` (Outlook Express): compat32 reads it.
        logger.info("modern email API lost the MIME parts; using compat32")
    except Exception as exc:  # the modern API raises on some broken headers
        logger.info("modern email API failed (%s: %s); using compat32", type(exc).__name__, exc)
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
        return _build(raw, message)
    except Exception as exc:
        logger.warning("email could not be parsed (%s: %s); kept as text", type(exc).__name__, exc)
        return ParsedEmail(
            raw=raw,
            message_id="",
            subject="",
            from_address="",
            from_name="",
            text=decode_bytes(raw),
            defects=(f"unparseable: {type(exc).__name__}",),
        )


def _lost_its_parts(message: StdMessage) -> bool:
    return message.get_content_maintype() == "multipart" and not message.is_multipart()


def _raw_headers(message: StdMessage) -> list[tuple[str, str]]:
    # The undecoded source of each header; `policy.default` would parse (and may raise).
    return [(name.lower(), str(value)) for name, value in message.raw_items()]


def _build(raw: bytes, message: StdMessage) -> ParsedEmail:
    raw_headers = _raw_headers(message)
    headers = tuple((name, decode_header_text(value)) for name, value in raw_headers)
    source = dict(reversed(raw_headers))  # first occurrence wins

    def addresses(name: str) -> list[tuple[str, str]]:
        value = decode_header_text(source.get(name, "")) if name in source else ""
        return [(n, a.strip()) for n, a in getaddresses([value]) if "@" in a]

    senders = addresses("from") or addresses("sender") or addresses("return-path")
    from_name, from_address = senders[0] if senders else ("", "")
    body = _Body()
    body.walk(message)
    text = body.text()
    html = "\n".join(body.html_parts)
    if not text.strip() and html:
        text = html_to_text(html)
    return ParsedEmail(
        raw=raw,
        message_id=next(iter(message_ids(source.get("message-id", ""))), ""),
        subject=decode_header_text(source.get("subject", "")),
        from_address=from_address.lower(),
        from_name=from_name.strip(),
        to=tuple(a.lower() for _, a in addresses("to")),
        cc=tuple(a.lower() for _, a in addresses("cc")),
        date=_date(source.get("date", "")),
        in_reply_to=message_ids(source.get("in-reply-to", "")),
        references=message_ids(source.get("references", "")),
        text=text,
        html=html,
        attachments=tuple(body.attachments),
        content_type=message.get_content_type(),
        report_type=str(message.get_param("report-type", "") or "").lower(),
        headers=headers,
        report_parts=tuple(body.report_parts),
        defects=tuple(type(d).__name__ for d in message.defects),
    )


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    # A sender's clock can say anything (year 3609 in the corpus); such a date is unknown.
    if not _EARLIEST_DATE <= parsed <= datetime.now(UTC) + timedelta(days=1):
        return None
    return parsed


_EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)


_REPORT_PARTS = {
    "message/delivery-status",
    "text/rfc822-headers",
    "message/disposition-notification",
}


class _Body:
    """Collects the body text, HTML and attachments of one message tree."""

    def __init__(self) -> None:
        self.text_parts: list[str] = []
        self.html_parts: list[str] = []
        self.attachments: list[ParsedAttachment] = []
        self.report_parts: list[str] = []

    def text(self) -> str:
        return "\n\n".join(part.strip("\n") for part in self.text_parts if part.strip())

    def walk(self, part: StdMessage, in_alternative: bool = False) -> None:
        content_type = part.get_content_type()
        if content_type in _REPORT_PARTS:
            self.report_parts.append(_report_text(part))
            return
        if part.is_multipart() and content_type != "message/rfc822":
            children = _children(part)
            if content_type == "multipart/alternative":
                self._walk_alternative(children)
            else:
                for child in children:
                    self.walk(child, in_alternative)
            return
        if content_type == "message/rfc822":
            self._add_attached_message(part)
            return
        payload = _payload_bytes(part)
        if _lost_its_parts(part):
            # No boundary matched: the text is all there is; keep it rather than lose it.
            self.text_parts.append(decode_bytes(payload, part.get_content_charset()))
            return
        if content_type in _REPORT_PARTS:
            self.report_parts.append(decode_bytes(payload, part.get_content_charset()))
            return
        filename = _filename(part)
        disposition = (part.get_content_disposition() or "").lower()
        if (
            content_type in ("text/plain", "text/html")
            and not filename
            and disposition != "attachment"
        ):
            text = decode_bytes(payload, part.get_content_charset())
            (self.html_parts if content_type == "text/html" else self.text_parts).append(text)
            return
        self.attachments.append(
            ParsedAttachment(
                filename=filename or _fallback_name(content_type, len(self.attachments) + 1),
                content_type=content_type,
                content=payload,
                inline=disposition == "inline" or bool(part.get("content-id")),
                content_id=next(iter(message_ids(str(part.get("content-id", "")))), ""),
            )
        )

    def _walk_alternative(self, children: list[StdMessage]) -> None:
        # Text comes from the plain part and HTML from the HTML part; anything else nested
        # (multipart/related with inline images) is walked for both.
        plain_before = len(self.text_parts)
        for child in children:
            self.walk(child, in_alternative=True)
        if len(self.text_parts) > plain_before + 1:
            # Several plain renderings of one content: keep the first.
            del self.text_parts[plain_before + 1 :]

    def _add_attached_message(self, part: StdMessage) -> None:
        inner = _children(part)
        if not inner:
            return
        inner_message = inner[0]
        try:
            content = inner_message.as_bytes(policy=policy.compat32)
        except Exception:  # a broken inner message is kept as its decoded payload
            content = _payload_bytes(part)
        encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
        if encoding in ("base64", "quoted-printable"):
            # Not allowed by RFC 2046, sent anyway (Yandex): the parser saw encoded text.
            content = _transfer_decoded(content, encoding)
            inner_message = BytesParser(policy=policy.compat32).parsebytes(content)
        subject = decode_header_text(str(inner_message.get("subject", "") or ""))
        name = _filename(part) or f"{_safe_stem(subject) or 'message'}.eml"
        self.attachments.append(ParsedAttachment(name, "message/rfc822", content))


def _children(part: StdMessage) -> list[StdMessage]:
    payload = part.get_payload()
    if not isinstance(payload, list):
        return []
    return [child for child in payload if isinstance(child, StdMessage)]


def _report_text(part: StdMessage) -> str:
    """A report's machine-readable part as text (the parser splits some into header blocks)."""
    if part.is_multipart():
        blocks = [block.as_string(policy=policy.compat32) for block in _children(part)]
        return "\n".join(decode_bytes(raw_header_bytes(block)) for block in blocks)
    return decode_bytes(_payload_bytes(part), part.get_content_charset())


def _transfer_decoded(content: bytes, encoding: str) -> bytes:
    try:
        if encoding == "base64":
            return base64.b64decode(content, validate=False)
        return quopri.decodestring(content)
    except (binascii.Error, ValueError):
        return content


def _payload_bytes(part: StdMessage) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return payload
    value = part.get_payload()
    return value.encode("utf-8", "surrogateescape") if isinstance(value, str) else b""


def _filename(part: StdMessage) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        return ""
    return decode_header_text(str(name))


def _fallback_name(content_type: str, index: int) -> str:
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"attachment-{index}{extension}"


def _safe_stem(subject: str) -> str:
    return re.sub(r"[^\w\- ]+", "", subject).strip()[:60]

"""The raw email the desk keeps must not carry what the desk removes from HAR files: before
storing, every attachment recognised as a HAR is replaced by its sanitised copy (or, for a HAR
that cannot be read, by a best-effort redacted copy)."""

from __future__ import annotations

import io
import logging
from email import message_from_bytes, policy
from email.message import EmailMessage

from supportdesk.diagnostics import (
    SNIFF_BYTES,
    HarError,
    looks_like_har,
    redact_unreadable_har,
    sanitize_har,
)
from supportdesk.mail.parsing import ParsedEmail

logger = logging.getLogger(__name__)


def _is_har(content: bytes) -> bool:
    return looks_like_har(content[:SNIFF_BYTES])


def _sanitised(content: bytes) -> io.BytesIO:
    """The HAR's sanitised copy or, when it cannot be read, its best-effort redacted copy
    (which raises HarError only for gzip data corrupt from the start)."""
    clean = io.BytesIO()
    try:
        sanitize_har(io.BytesIO(content), clean)
    except HarError as exc:
        logger.info("HAR attachment could not be sanitised (%s); best-effort copy kept", exc)
        clean = io.BytesIO()
        redact_unreadable_har(io.BytesIO(content), clean)
    return clean


def raw_to_store(parsed: ParsedEmail) -> bytes:
    if not any(_is_har(a.content) for a in parsed.attachments):
        return parsed.raw
    try:
        message = message_from_bytes(parsed.raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        for part in message.walk():
            if part.is_multipart() or part.get_content_disposition() is None:
                continue
            content = part.get_payload(decode=True)
            filename = part.get_filename() or "attachment.har"
            if isinstance(content, bytes) and _is_har(content):
                clean = _sanitised(content)
                part.set_content(
                    clean.getvalue(),
                    maintype="application",
                    subtype="json",
                    disposition="attachment",
                    filename=filename,
                )
        return message.as_bytes()
    except (HarError, ValueError, TypeError, LookupError, AssertionError) as exc:
        # Unrebuildable mail: keep only its header block rather than a secret.
        logger.warning(
            "email %s: HAR scrubbing failed (%s); raw body not kept", parsed.external_id, exc
        )
        return parsed.raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]

"""Storing attachment bytes safely: content-addressed paths, harmless names, a size cap."""

from __future__ import annotations

import hashlib
import logging
import posixpath
import unicodedata
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from supportdesk.batched_writes import write_later
from supportdesk.diagnostics import SNIFF_BYTES, looks_like_har
from supportdesk.tickets.models import Attachment, AttachmentKind, Message
from supportdesk.tickets.models.message import attachment_path

logger = logging.getLogger(__name__)

_MAX_NAME_LENGTH = 180


def safe_filename(name: str) -> str:
    """A name with no directory part, no control characters and no leading dots."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    name = posixpath.basename(name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > _MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep = ext[:20] if dot and stem else ""
        name = name[: _MAX_NAME_LENGTH - len(keep) - 1] + ("." + keep if keep else "")
    return name or "attachment"


def kind_from_name(filename: str, content_type: str) -> AttachmentKind:
    lowered = filename.lower()
    if lowered.endswith(".har"):
        return AttachmentKind.HAR
    if lowered.endswith((".log", ".log.gz")):
        return AttachmentKind.LOG
    if lowered.endswith((".tar.gz", ".tgz")) and "supportdesk" in lowered:
        return AttachmentKind.BUNDLE
    if content_type.startswith("image/"):
        return AttachmentKind.IMAGE
    return AttachmentKind.OTHER


def max_attachment_bytes() -> int:
    return int(settings.SUPPORTDESK_MAX_ATTACHMENT_BYTES)


def max_upload_total_bytes() -> int:
    return int(settings.SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES)


def refused_by_size(sizes: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Which of one message's files (by position) are not stored: (the limit, why).

    A file over the per-file cap is refused; the others are taken in order while the message's
    total stays within its cap, so one file that does not fit does not stop a smaller later one.
    """
    per_file, total_limit = max_attachment_bytes(), max_upload_total_bytes()
    refused: dict[int, tuple[int, str]] = {}
    total = 0
    for index, size in enumerate(sizes):
        if size > per_file:
            refused[index] = (
                per_file,
                _("files up to %(limit)s are accepted") % {"limit": filesizeformat(per_file)},
            )
        elif total + size > total_limit:
            refused[index] = (
                total_limit,
                _("the files of one message together may take up to %(limit)s")
                % {"limit": filesizeformat(total_limit)},
            )
        else:
            total += size
    return refused


def store_attachment(
    *, message: Message, filename: str, content: bytes, content_type: str
) -> Attachment:
    """The file now; its row at once or with the rest of an intake batch (`batched_writes`)."""
    name = safe_filename(filename)
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        message=message,
        filename=name,
        content_type=content_type or "application/octet-stream",
        size=len(content),
        sha256=digest,
        kind=kind_from_name(name, content_type),
    )
    path = attachment_path(attachment, name)
    # Identical bytes share one file; a redelivered message must not leave copies behind.
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(content))
    attachment.file.name = path
    write_later(_insert_attachments, attachment)
    return attachment


def _insert_attachments(attachments: list[Attachment]) -> None:
    Attachment.objects.bulk_create(attachments)


def do_replace_attachment_content(*, attachment: Attachment, content: bytes) -> Attachment:
    """Swap an attachment's bytes (a HAR for its sanitised copy); the old file is deleted
    unless another attachment shares it."""
    old_name = attachment.file.name
    attachment.sha256 = hashlib.sha256(content).hexdigest()
    attachment.size = len(content)
    path = attachment_path(attachment, attachment.filename)
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(content))
    attachment.file.name = path
    attachment.save(update_fields=["file", "size", "sha256"])
    if old_name and old_name != path and not Attachment.objects.filter(file=old_name).exists():
        default_storage.delete(old_name)
    return attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download of opaque bytes: customer files never render in the desk's origin.
    A file missing from storage is a 404, not a server error; so is a customer's HAR that the
    analysis has not yet replaced by its sanitised copy."""
    if _unchecked_har(attachment):
        raise Http404("The HAR file is still being checked for secrets")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _unchecked_har(attachment: Attachment) -> bool:
    """Until its analysis (fault_reports) has run, a customer's HAR is still as received."""
    if attachment.message.author_contact_id is None:
        return False  # the desk's own files are not analysed
    if Attachment.objects.filter(pk=attachment.pk, analysis__isnull=False).exists():
        return False
    return looks_like_har_attachment(attachment)


def looks_like_har_attachment(attachment: Attachment) -> bool:
    """By its name, else by its first bytes (a missing file is no HAR)."""
    if attachment.filename.lower().endswith((".har", ".har.gz")):
        return True
    try:
        with attachment.file.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except FileNotFoundError:
        return False
    return looks_like_har(bytes(head))

"""Attachments as local files for the diagnostics core, which reads paths and streams."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from supportdesk.tickets.models import Attachment


@contextmanager
def local_copy(attachment: Attachment) -> Iterator[Path]:
    """The attachment's bytes in a private temporary file (storage may not be local)."""
    with tempfile.TemporaryDirectory(prefix="supportdesk-analysis-") as directory:
        path = Path(directory) / "file"
        with attachment.file.open("rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


def head_of(attachment: Attachment, size: int) -> bytes:
    with attachment.file.open("rb") as handle:
        return bytes(handle.read(size))

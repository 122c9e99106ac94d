"""The collector is downloadable from the desk at a fixed address."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

import supportdesk_collect

COLLECTOR = Path(supportdesk_collect.__file__).with_name("supportdesk_collect.py")


@require_GET
def collector_download(request: HttpRequest) -> FileResponse:
    return FileResponse(
        COLLECTOR.open("rb"),
        as_attachment=True,
        filename="supportdesk_collect.py",
        content_type="text/x-python; charset=utf-8",
    )

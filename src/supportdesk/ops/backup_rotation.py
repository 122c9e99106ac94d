"""Scheduled backups: one new directory per run inside a backups directory, the oldest pruned.

Only directories this module named and that hold a manifest (complete backups) are counted or
removed, so anything else an administrator keeps beside them is left alone, and a failed run
(which leaves no directory) never pushes a good backup out.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

from supportdesk.ops.backup_manifest import MANIFEST_NAME

_NAME = re.compile(r"supportdesk-\d{8}T\d{6}Z")


def dated_backup_path(directory: Path, now: datetime) -> Path:
    return directory / f"supportdesk-{now:%Y%m%dT%H%M%S}Z"


def do_prune_backups(directory: Path, *, keep: int) -> list[Path]:
    """Removes all but the `keep` newest complete backups; returns what it removed."""
    complete = sorted(
        path
        for path in directory.iterdir()
        if path.is_dir() and _NAME.fullmatch(path.name) and (path / MANIFEST_NAME).is_file()
    )
    removed = complete[: max(0, len(complete) - keep)]
    for path in removed:
        shutil.rmtree(path)
    return removed

"""`supportdesk backup PATH`: the database, every attachment file and a manifest, in a directory.

The database is copied first, then the files: an attachment's file is stored before its row
commits, so every file the copied database names is already there (later ones come along too).
The directory is written under a temporary name beside PATH and renamed when complete.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from supportdesk.ops.backup_database import database_vendor, dump_database
from supportdesk.ops.backup_manifest import (
    DATABASE_FILES,
    MEDIA_DIR,
    BackupError,
    FileEntry,
    Manifest,
    file_entry,
    write_manifest,
)


def create_backup(path: Path) -> Manifest:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{path} already exists and is not empty: give a new directory.")
    vendor = database_vendor()
    partial = path.with_name(f".{path.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        created_at = datetime.now(UTC).isoformat(timespec="seconds")
        migrations = migration_summary()
        dump_database(partial / DATABASE_FILES[vendor])
        entries = [file_entry(partial, DATABASE_FILES[vendor])]
        entries += _copy_media(default_storage, partial)
        manifest = Manifest(vendor, created_at, migrations, entries)
        write_manifest(partial, manifest)
        if path.exists():
            path.rmdir()
        partial.rename(path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def migration_summary() -> dict[str, dict[str, Any]]:
    """Per app: how many migrations are applied and the last one (by name)."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {
        app: {"applied": len(names), "latest": max(names)} for app, names in sorted(applied.items())
    }


def storage_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in `storage`, walking its directories."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from storage_files(storage, f"{directory}/{name}" if directory else name)


def _copy_media(storage: Storage, root: Path) -> list[FileEntry]:
    entries = []
    for name in storage_files(storage):
        relative = f"{MEDIA_DIR}/{name}"
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy, 1024 * 1024)
        except FileNotFoundError:
            target.unlink(missing_ok=True)  # deleted while we walked: not in the copied database
            continue
        entries.append(file_entry(root, relative))
    if any(".." in Path(entry.path).parts for entry in entries):
        raise BackupError("The attachment storage returned a file name outside itself.")
    return entries

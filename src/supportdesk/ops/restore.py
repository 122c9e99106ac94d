"""`supportdesk restore PATH`: checks the whole backup first, then replaces database and files."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader

from supportdesk.ops.backup_database import database_tables, database_vendor, load_database
from supportdesk.ops.backup_manifest import MEDIA_DIR, BackupError, Manifest, verify_backup


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    replaced_tables: int
    files: int


def restore_backup(path: Path, *, force: bool = False) -> RestoreResult:
    manifest = verify_backup(path)
    vendor = database_vendor()
    if manifest.vendor != vendor:
        raise BackupError(
            f"This backup holds a {manifest.vendor} database; this desk runs on {vendor}. "
            "Restore it into a desk configured for the same database."
        )
    _check_migrations_known(manifest)
    tables = database_tables()
    if tables and not force:
        raise BackupError(
            f"The target database is not empty ({len(tables)} tables). Restore refuses to "
            "overwrite it; run it with --force to replace that database with the backup."
        )
    load_database(path / manifest.database_file)
    media = manifest.media_files()
    for entry in media:
        _put_file(path / entry.path, entry.path.removeprefix(f"{MEDIA_DIR}/"))
    _forget_cached_values()
    return RestoreResult(manifest=manifest, replaced_tables=len(tables), files=len(media))


def _forget_cached_values() -> None:
    """Counts and limits cached for the replaced database must not outlive it."""
    # A backup older than the database cache has no cache table: it comes with the next migrate.
    with suppress(DatabaseError):
        cache.clear()


def _check_migrations_known(manifest: Manifest) -> None:
    """A backup from a newer desk cannot be migrated by this one: refuse before any change."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{state['latest']}"
        for app, state in manifest.migrations.items()
        if (app, state["latest"]) not in known
    ]
    if unknown:
        raise BackupError(
            "The backup was made by a newer SupportDesk (it has migrations this version does not "
            f"know: {', '.join(unknown[:5])}). Upgrade the desk, then restore."
        )


def _put_file(source: Path, name: str) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    with source.open("rb") as stream:
        stored = default_storage.save(name, File(stream, name=name))
    if stored != name:
        raise BackupError(f"The attachment storage stored {name} as {stored}.")

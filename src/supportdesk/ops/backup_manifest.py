"""The manifest of a backup directory: what it holds, and the sha256 and size of every file.

A backup is a directory::

    PATH/manifest.json        this manifest
    PATH/database.sqlite3     SQLite: a copy made with the online backup API
    PATH/database.dump        PostgreSQL: `pg_dump --format=custom`
    PATH/media/...            every file of the attachment storage, by its storage name

`verify_backup` checks every listed file before a restore touches anything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "supportdesk-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """An expected failure of a backup or restore, explained in plain words."""


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative, POSIX separators
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    migrations: dict[str, dict[str, Any]]
    files: list[FileEntry]

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.vendor]

    def media_files(self) -> list[FileEntry]:
        return [entry for entry in self.files if entry.path.startswith(f"{MEDIA_DIR}/")]


def file_entry(root: Path, relative: str) -> FileEntry:
    digest = hashlib.sha256()
    size = 0
    with (root / relative).open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileEntry(path=relative, size=size, sha256=digest.hexdigest())


def write_manifest(root: Path, manifest: Manifest) -> None:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": manifest.created_at,
        "database": {"vendor": manifest.vendor, "file": manifest.database_file},
        "migrations": manifest.migrations,
        "files": [
            {"path": entry.path, "size": entry.size, "sha256": entry.sha256}
            for entry in manifest.files
        ],
    }
    (root / MANIFEST_NAME).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def read_manifest(root: Path) -> Manifest:
    if not root.is_dir():
        raise BackupError(f"{root} is not a directory: give the directory a backup was written to.")
    try:
        document = json.loads((root / MANIFEST_NAME).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{root} has no {MANIFEST_NAME}: it is not a SupportDesk backup."
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{root / MANIFEST_NAME} is damaged (not valid JSON: {exc}).") from None
    try:
        if document["format"] != FORMAT:
            raise BackupError(f"{root} is not a SupportDesk backup.")
        if document["format_version"] != FORMAT_VERSION:
            raise BackupError(
                f"This backup has format version {document['format_version']}; this SupportDesk "
                f"reads version {FORMAT_VERSION} only."
            )
        vendor = document["database"]["vendor"]
        if vendor not in DATABASE_FILES:
            raise BackupError(f"This backup holds an unknown kind of database: {vendor!r}.")
        files = [
            FileEntry(path=_safe_path(item["path"]), size=int(item["size"]), sha256=item["sha256"])
            for item in document["files"]
        ]
        return Manifest(
            vendor=vendor,
            created_at=document["created_at"],
            migrations=dict(document["migrations"]),
            files=files,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{root / MANIFEST_NAME} is damaged (missing or bad {exc}).") from None


def _safe_path(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("file path")
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in value:
        raise BackupError(f"The manifest names a file outside the backup: {value!r}.")
    return value


def verify_backup(root: Path) -> Manifest:
    """The manifest, once every file it lists is present with its size and sha256."""
    manifest = read_manifest(root)
    listed = {entry.path for entry in manifest.files}
    if manifest.database_file not in listed:
        raise BackupError(f"The manifest does not list the database file {manifest.database_file}.")
    for entry in manifest.files:
        if not (root / entry.path).is_file():
            raise BackupError(f"The backup is incomplete: {entry.path} is missing.")
        found = file_entry(root, entry.path)
        if found.size != entry.size or found.sha256 != entry.sha256:
            raise BackupError(
                f"The backup is damaged: {entry.path} does not match its sha256 in the manifest "
                f"(expected {entry.size} bytes, {entry.sha256}; found {found.size} bytes, "
                f"{found.sha256}). Nothing was restored."
            )
    present = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
    unlisted = sorted(present - listed - {MANIFEST_NAME})
    if unlisted:
        raise BackupError(
            f"The backup holds files its manifest does not list ({', '.join(unlisted[:5])}): "
            "it was changed after it was written. Nothing was restored."
        )
    return manifest

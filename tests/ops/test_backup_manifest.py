import json
from pathlib import Path
from typing import Any

import pytest

from supportdesk.ops.backup_manifest import (
    BackupError,
    Manifest,
    file_entry,
    verify_backup,
    write_manifest,
)


def write_small_backup(
    root: Path, *, vendor: str = "sqlite", migrations: dict[str, Any] | None = None
) -> Path:
    database = "database.sqlite3" if vendor == "sqlite" else "database.dump"
    (root / database).write_bytes(b"SQLite format 3\x00")
    (root / "media" / "attachments").mkdir(parents=True)
    (root / "media" / "attachments" / "a.bin").write_bytes(bytes(range(256)))
    entries = [file_entry(root, database), file_entry(root, "media/attachments/a.bin")]
    migrations = migrations or {"tickets": {"applied": 1, "latest": "0001_initial"}}
    write_manifest(root, Manifest(vendor, "2026-12-06T00:00:00+00:00", migrations, entries))
    return root


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    return write_small_backup(tmp_path)


def test_an_intact_backup_verifies(backup: Path) -> None:
    manifest = verify_backup(backup)

    assert [entry.path for entry in manifest.media_files()] == ["media/attachments/a.bin"]


def test_a_missing_file_is_refused(backup: Path) -> None:
    (backup / "media" / "attachments" / "a.bin").unlink()

    with pytest.raises(BackupError, match=r"incomplete: media/attachments/a\.bin is missing"):
        verify_backup(backup)


def test_a_file_the_manifest_does_not_list_is_refused(backup: Path) -> None:
    (backup / "media" / "planted.sh").write_text("echo hi")

    with pytest.raises(BackupError, match=r"does not list \(media/planted\.sh\)"):
        verify_backup(backup)


@pytest.mark.parametrize("path", ["../outside", "/etc/passwd", "media/../../x"])
def test_a_manifest_naming_a_file_outside_the_backup_is_refused(backup: Path, path: str) -> None:
    document = json.loads((backup / "manifest.json").read_text())
    document["files"].append({"path": path, "size": 1, "sha256": "0" * 64})
    (backup / "manifest.json").write_text(json.dumps(document))

    with pytest.raises(BackupError, match="outside the backup"):
        verify_backup(backup)


def test_a_directory_without_a_manifest_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="not a SupportDesk backup"):
        verify_backup(tmp_path)


def test_a_newer_format_is_refused(backup: Path) -> None:
    document = json.loads((backup / "manifest.json").read_text())
    document["format_version"] = 2
    (backup / "manifest.json").write_text(json.dumps(document))

    with pytest.raises(BackupError, match="format version 2"):
        verify_backup(backup)

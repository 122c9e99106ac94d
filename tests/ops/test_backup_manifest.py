import json
from pathlib import Path

import pytest

from supportdesk.ops.backup_manifest import (
    BackupError,
    Manifest,
    file_entry,
    verify_backup,
    write_manifest,
)


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    (tmp_path / "database.sqlite3").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "a.bin").write_bytes(bytes(range(256)))
    entries = [file_entry(tmp_path, "database.sqlite3")]
    entries.append(file_entry(tmp_path, "media/attachments/a.bin"))
    migrations = {"tickets": {"applied": 1, "latest": "0001_initial"}}
    write_manifest(tmp_path, Manifest("sqlite", "2026-12-06T00:00:00+00:00", migrations, entries))
    return tmp_path


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

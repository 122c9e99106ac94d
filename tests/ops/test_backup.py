"""`supportdesk backup` / `restore` as an administrator runs them: real commands, real databases.

Each desk is its own `supportdesk` process on a file database (SQLite under a temporary var dir,
or a PostgreSQL database of its own), so the test database pytest-django manages is not involved.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ops.processes import Desk
from tests.s3_server import S3Bucket

SHELL = "from tests.ops.backup_snapshot import {}; {}()"


class BackupDesk(Desk):
    """A desk process on its own var dir (media, SQLite) or its own PostgreSQL database."""

    def __init__(self, var: Path, database_url: str | None = None) -> None:
        super().__init__(var)
        self.env.pop("MEDIA_ROOT", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def refused(self, *args: str) -> str:
        """The error output of a command that must fail without a traceback."""
        with pytest.raises(subprocess.CalledProcessError) as failure:
            self.run(*args)
        assert "Traceback" not in failure.value.stderr
        return str(failure.value.stderr)

    def call(self, function: str) -> str:
        return self.run("shell", "--no-imports", "-c", SHELL.format(function, function))

    def snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.call("print_snapshot"))
        return data

    def table_count(self) -> int:
        code = (
            "from django.db import connection; print(len(connection.introspection.table_names()))"
        )
        return int(self.run("shell", "--no-imports", "-c", code))


def seeded_backup(source: BackupDesk, backup: Path) -> dict[str, Any]:
    source.run("migrate", "--no-input")
    source.call("seed")
    before = source.snapshot()
    assert before["attachments"] and before["clocks"] and before["messages"]
    assert "Backup written" in source.run("backup", str(backup))
    return before


def tamper(backup: Path) -> None:
    media = sorted((backup / "media").rglob("*.bin"))[0]
    content = bytearray(media.read_bytes())
    content[100] ^= 0x01
    media.write_bytes(bytes(content))


# --- SQLite ----------------------------------------------------------------------------------

# Run once, with the SQLite suite; the PostgreSQL run has its own round trip below.
sqlite_only = pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""), reason="the SQLite run covers these"
)


@pytest.fixture(scope="module")
def sqlite_backup(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[BackupDesk, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("sqlite-backup")
    source = BackupDesk(root / "source")
    backup = root / "backup"
    return source, backup, seeded_backup(source, backup)


@sqlite_only
def test_sqlite_round_trip_keeps_every_ticket_message_attachment_and_clock(
    sqlite_backup: tuple[BackupDesk, Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, backup, before = sqlite_backup
    target = BackupDesk(tmp_path / "target")

    output = target.run("restore", str(backup))

    assert "Restored the sqlite database and 2 attachment files" in output
    assert target.snapshot() == before
    target.run("migrate", "--check")  # the restored desk is at the code's migration state


@sqlite_only
def test_backup_manifest_lists_every_file_with_its_sha256(
    sqlite_backup: tuple[BackupDesk, Path, dict[str, Any]],
) -> None:
    _, backup, _ = sqlite_backup
    manifest = json.loads((backup / "manifest.json").read_text())

    assert manifest["format_version"] == 1
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    assert manifest["migrations"]["tickets"]["applied"] > 0
    listed = {entry["path"] for entry in manifest["files"]}
    on_disk = {p.relative_to(backup).as_posix() for p in backup.rglob("*") if p.is_file()}
    assert listed == on_disk - {"manifest.json"}
    assert any(path.startswith("media/attachments/") for path in listed)
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


@sqlite_only
def test_tampered_backup_is_refused_before_anything_is_touched(
    sqlite_backup: tuple[BackupDesk, Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, backup, _ = sqlite_backup
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    tamper(copy)
    target = BackupDesk(tmp_path / "target")

    error = target.refused("restore", str(copy))

    assert "does not match its sha256" in error
    assert target.table_count() == 0
    assert not list((tmp_path / "target").rglob("*.bin"))


@sqlite_only
def test_non_empty_target_is_refused_without_force_and_replaced_with_it(
    sqlite_backup: tuple[BackupDesk, Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, backup, before = sqlite_backup
    target = BackupDesk(tmp_path / "target")
    target.run("migrate", "--no-input")

    error = target.refused("restore", str(backup))

    assert "not empty" in error and "--force" in error
    assert target.snapshot()["tickets"] == []
    target.run("restore", "--force", str(backup))
    assert target.snapshot() == before


@sqlite_only
def test_backup_refuses_an_existing_non_empty_directory(
    sqlite_backup: tuple[BackupDesk, Path, dict[str, Any]],
) -> None:
    source, backup, _ = sqlite_backup

    assert "not empty" in source.refused("backup", str(backup))


@sqlite_only
def test_backup_taken_while_tickets_arrive_restores_with_nothing_missing(tmp_path: Path) -> None:
    source = BackupDesk(tmp_path / "source")
    source.run("migrate", "--no-input")
    source.call("seed")
    source.env["BACKUP_TEST_STOP"] = str(tmp_path / "stop")
    writer = source.start(
        "shell", "--no-imports", "-c", SHELL.format(*["receive_until_stopped"] * 2)
    )
    try:
        counted = messages_counter(source)
        started = counted()
        wait_until(lambda: counted() > started + 2)
        during = counted()
        source.run("backup", str(tmp_path / "backup"))
        wait_until(lambda: counted() > during + 2)  # still arriving after the backup
    finally:
        (tmp_path / "stop").touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.stdout.read() if writer.stdout else ""
    target = BackupDesk(tmp_path / "target")

    target.run("restore", str(tmp_path / "backup"))

    # One writer commits in id order: the restored desk holds exactly the source's first
    # messages, each with all its attachments, every file's bytes intact (snapshot reads them).
    restored, final = target.snapshot(), source.snapshot()
    last = restored["messages"][-1]["id"]
    assert len(restored["messages"]) >= during
    assert restored["messages"] == [m for m in final["messages"] if m["id"] <= last]
    assert restored["attachments"] == [a for a in final["attachments"] if a["message_id"] <= last]
    tickets = {m["ticket_id"] for m in restored["messages"]}
    assert [t["id"] for t in restored["tickets"]] == sorted(tickets)


def messages_counter(desk: BackupDesk) -> Callable[[], int]:
    def count() -> int:
        (rows,) = desk.query("SELECT count(*) FROM tickets_message")
        return int(str(rows[0]))

    return count


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


# --- S3-compatible object storage -----------------------------------------------------------


@sqlite_only
def test_round_trip_with_attachments_in_object_storage(s3_bucket: S3Bucket, tmp_path: Path) -> None:
    """Two desks keep their files under two prefixes of one bucket (moto's server)."""
    source = BackupDesk(tmp_path / "source")
    source.env |= s3_bucket.environment(prefix="desk-a")
    backup = tmp_path / "backup"
    before = seeded_backup(source, backup)
    target = BackupDesk(tmp_path / "target")
    target.env |= s3_bucket.environment(prefix="desk-b")

    output = target.run("restore", str(backup))

    assert "Restored the sqlite database and 2 attachment files" in output
    assert target.snapshot() == before  # every file read back from the bucket, sha256 intact
    keys = s3_bucket.keys()
    stored = [key.removeprefix("desk-a/") for key in keys if key.startswith("desk-a/")]
    restored = [key.removeprefix("desk-b/") for key in keys if key.startswith("desk-b/")]
    assert len(stored) == 2 and restored == stored and len(keys) == 4
    for desk in (source, target):  # nothing went to a local directory
        assert not [path for path in desk.var.rglob("*") if "media" in path.parts]


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def postgres_databases() -> Iterator[tuple[str, str]]:
    """Two fresh databases on the test server: the desk backed up and the restore target."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    base, _, _ = url.rpartition("/")
    names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{base}/{names[0]}", f"{base}/{names[1]}"
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres_only
def test_postgres_round_trip_keeps_everything_and_refuses_a_non_empty_target(
    postgres_databases: tuple[str, str], tmp_path: Path
) -> None:
    source_url, target_url = postgres_databases
    source = BackupDesk(tmp_path / "source", source_url)
    backup = tmp_path / "backup"
    before = seeded_backup(source, backup)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.dump"}
    assert (backup / "database.dump").read_bytes().startswith(b"PGDMP")
    target = BackupDesk(tmp_path / "target", target_url)

    assert "Restored the postgresql database" in target.run("restore", str(backup))
    assert target.snapshot() == before

    assert "not empty" in target.refused("restore", str(backup))
    source.call("seed_more")  # the source moves on; the target is replaced, not merged
    shutil.rmtree(backup)
    source.run("backup", str(backup))
    target.run("shell", "--no-imports", "-c", LEFTOVER_TABLE)
    target.run("restore", "--force", str(backup))
    assert target.snapshot() == source.snapshot()
    assert target.table_count() == source.table_count()  # the leftover table is gone


LEFTOVER_TABLE = "from django.db import connection; connection.cursor().execute('CREATE TABLE leftover (id int)')"

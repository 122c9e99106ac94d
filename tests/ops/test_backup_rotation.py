"""`supportdesk backup --into DIR --keep N`, what the scheduled backup (deploy/systemd's timer)
runs: a dated directory per run, the oldest complete backups pruned, nothing else touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.ops.processes import unit_command
from tests.ops.test_backup import BackupDesk


def test_a_scheduled_backup_is_dated_and_only_the_newest_are_kept(tmp_path: Path):
    backups = tmp_path / "backups"
    older = backups / "supportdesk-20260101T030000Z"  # a complete backup of an earlier run
    older.mkdir(parents=True)
    (older / "manifest.json").write_text("{}")
    unfinished = backups / "supportdesk-20260102T030000Z"  # no manifest: not a backup
    unfinished.mkdir()
    keepsake = backups / "before-upgrade"  # the administrator's own, named otherwise
    keepsake.mkdir()
    (keepsake / "manifest.json").write_text("{}")

    desk = BackupDesk(tmp_path / "var")
    desk.run("migrate", "--verbosity", "0")
    command = unit_command("supportdesk-backup.service")
    assert command[3:] == ["backup", "--into", "/var/backups/supportdesk", "--keep", "14"]
    out = desk.run("backup", "--into", str(backups), "--keep", "1")

    [new] = re.findall(r"Backup written to (\S+):", out)
    assert re.fullmatch(r"supportdesk-\d{8}T\d{6}Z", Path(new).name)
    assert f"Removed the older backup {older}" in out
    assert sorted(p.name for p in backups.iterdir()) == sorted(
        [Path(new).name, unfinished.name, keepsake.name]
    )
    assert (Path(new) / "manifest.json").is_file()
    assert (Path(new) / "database.sqlite3").is_file()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="nowhere"),
        pytest.param(["--keep", "3", "PATH"], id="keep without into"),
        pytest.param(["--into", "DIR", "--keep", "0"], id="keep nothing"),
        pytest.param(["PATH", "--into", "DIR"], id="both"),
    ],
)
def test_a_backup_command_that_makes_no_sense_is_refused(tmp_path: Path, args: list[str]):
    args = [str(tmp_path / a) if a in {"PATH", "DIR"} else a for a in args]
    with pytest.raises(CommandError):
        call_command("backup", *args)
    assert list(tmp_path.iterdir()) == []

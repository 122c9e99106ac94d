from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from supportdesk.ops.backup_manifest import BackupError
from supportdesk.ops.restore import restore_backup
from tests.ops.test_backup_manifest import write_small_backup

pytestmark = pytest.mark.django_db


def test_a_backup_of_the_other_database_kind_is_refused(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = write_small_backup(tmp_path, vendor=other)

    with pytest.raises(BackupError, match=f"holds a {other} database"):
        restore_backup(backup, force=True)
    assert not default_storage.exists("attachments/a.bin")


def test_a_backup_from_a_newer_desk_is_refused_before_anything_changes(tmp_path: Path) -> None:
    migrations = {"tickets": {"applied": 999, "latest": "0999_from_the_future"}}
    backup = write_small_backup(tmp_path, vendor=connection.vendor, migrations=migrations)

    with pytest.raises(BackupError, match=r"newer SupportDesk .*tickets\.0999_from_the_future"):
        restore_backup(backup, force=True)
    assert not default_storage.exists("attachments/a.bin")

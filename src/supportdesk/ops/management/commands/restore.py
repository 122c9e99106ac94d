from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.ops.backup_manifest import BackupError
from supportdesk.ops.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `supportdesk backup`: every file is checked against the "
        "manifest first; a database that is not empty is replaced only with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the target database even if it already holds tables",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["path"]
        assert isinstance(path, Path)
        try:
            result = restore_backup(path, force=bool(options["force"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the {result.manifest.vendor} database and {result.files} attachment files "
            f"from {path} (backup of {result.manifest.created_at}). Restart the desk's processes."
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.ops.backup import create_backup
from supportdesk.ops.backup_manifest import BackupError


class Command(BaseCommand):
    help = (
        "Write a backup of the database and every attachment to a new directory PATH, "
        "with a manifest of sha256 checksums. Safe while the desk is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a directory that does not exist yet")

    def handle(self, *args: object, **options: object) -> None:
        path = options["path"]
        assert isinstance(path, Path)
        try:
            manifest = create_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        media = len(manifest.media_files())
        total = sum(entry.size for entry in manifest.files)
        self.stdout.write(
            f"Backup written to {path}: {manifest.vendor} database and {media} attachment "
            f"files, {total} bytes."
        )

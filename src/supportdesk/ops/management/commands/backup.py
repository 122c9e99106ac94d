from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from supportdesk.ops.backup import create_backup
from supportdesk.ops.backup_manifest import BackupError
from supportdesk.ops.backup_rotation import dated_backup_path, do_prune_backups


class Command(BaseCommand):
    help = (
        "Write a backup of the database and every attachment to a new directory PATH, "
        "with a manifest of sha256 checksums. Safe while the desk is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("path", type=Path, nargs="?", help="a directory that does not exist yet")
        where.add_argument(
            "--into",
            type=Path,
            metavar="DIR",
            help="for scheduled runs: write DIR/supportdesk-YYYYMMDDTHHMMSSZ",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="with --into: then remove all but the N newest backups in DIR",
        )

    def handle(self, *args: object, **options: object) -> None:
        into, keep = options["into"], options["keep"]
        if keep is not None and (into is None or not isinstance(keep, int) or keep < 1):
            raise CommandError("--keep needs --into and a number of backups of at least 1.")
        if isinstance(into, Path):
            into.mkdir(parents=True, exist_ok=True)
            path = dated_backup_path(into, timezone.now())
        else:
            given = options["path"]
            assert isinstance(given, Path)
            path = given
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
        if isinstance(into, Path) and isinstance(keep, int):
            for removed in do_prune_backups(into, keep=keep):
                self.stdout.write(f"Removed the older backup {removed}")

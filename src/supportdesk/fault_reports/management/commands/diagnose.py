"""`supportdesk diagnose FILE…`: one JSON object per file — detected kind, summary, findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.diagnostics import analyze_file


class Command(BaseCommand):
    help = "Analyse HAR archives, container logs and collector bundles; print JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        missing = 0
        for path in options["files"]:
            if not path.is_file():
                missing += 1
                result: dict[str, Any] = {"file": str(path), "error": "no such file"}
            else:
                result = {"file": str(path), **analyze_file(path).to_dict()}
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        if missing:
            # Every file still gets its line; the exit status tells a script something failed.
            total = len(options["files"])
            raise CommandError(f"{missing} of {total} files could not be read (no such file).")

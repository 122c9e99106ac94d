"""`supportdesk har sanitize IN OUT`: write a sanitised HAR and print what was removed (JSON on
stdout; a sentence in the active language on stderr)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.diagnostics import HarError, sanitize_har
from supportdesk.fault_reports.redaction_notes import removed_line


class Command(BaseCommand):
    help = "HAR tools."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sanitize = sub.add_parser("sanitize", help="Remove cookies, tokens and secrets.")
        sanitize.add_argument("source", type=Path)
        sanitize.add_argument("destination", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        if not source.is_file():
            raise CommandError(f"{source}: no such file")
        try:
            report = sanitize_har(source, options["destination"])
        except HarError as exc:
            raise CommandError(f"{source}: {exc}") from exc
        self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False))
        # stdout stays one JSON object for scripts; the sentence is for the person at the terminal
        self.stderr.write(removed_line(report) + ".")

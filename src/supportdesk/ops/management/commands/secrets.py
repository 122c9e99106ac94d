"""`supportdesk secrets rotate`: re-encrypt every stored secret with the first key."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from supportdesk.secrets_at_rest import EncryptedTextField, SecretsKeyError


class Command(BaseCommand):
    help = (
        "Re-encrypt stored secrets with the first key of SUPPORTDESK_SECRETS_KEYS "
        "(put the new key first, rotate, then drop the old key)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = 0
        try:
            with transaction.atomic():
                for model in apps.get_models():
                    fields = [
                        f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)
                    ]
                    for row in model._default_manager.only("pk", *fields):
                        # Reading decrypts with any key; writing encrypts with the first.
                        model._default_manager.filter(pk=row.pk).update(
                            **{name: getattr(row, name) for name in fields}
                        )
                        rotated += 1
        except SecretsKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{rotated} rows re-encrypted with the first key")

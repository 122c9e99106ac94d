"""Secrets the desk has to keep (mailbox passwords) are stored encrypted, never as typed.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) with the keys in
SUPPORTDESK_SECRETS_KEYS: the first key encrypts, every key decrypts, so a key is rotated by
putting a new one first, running `supportdesk secrets rotate`, then dropping the old one. A
value stored before encryption existed (no prefix) is read as it is and encrypted on rotation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


class SecretsKeyError(ImproperlyConfigured):
    """The keys cannot read what is stored, or are no Fernet keys at all."""


def encrypt(plain: str) -> str:
    return (
        PREFIX + _fernet(tuple(settings.SUPPORTDESK_SECRETS_KEYS)).encrypt(plain.encode()).decode()
    )


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored
    try:
        token = stored.removeprefix(PREFIX).encode()
        return _fernet(tuple(settings.SUPPORTDESK_SECRETS_KEYS)).decrypt(token).decode()
    except InvalidToken as exc:
        raise SecretsKeyError(
            "A stored secret was encrypted with a key that is not in SUPPORTDESK_SECRETS_KEYS: "
            "put the key it was encrypted with back into the list."
        ) from exc


def is_encrypted_with_first_key(stored: str) -> bool:
    if not stored.startswith(PREFIX):
        return False
    first = _fernet((settings.SUPPORTDESK_SECRETS_KEYS[0],))
    try:
        first.decrypt(stored.removeprefix(PREFIX).encode())
    except InvalidToken:
        return False
    return True


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise SecretsKeyError("SUPPORTDESK_SECRETS_KEYS is empty")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise SecretsKeyError(
            "SUPPORTDESK_SECRETS_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes; "
            'make one with: python3 -c "import base64, os; '
            'print(base64.urlsafe_b64encode(os.urandom(32)).decode())")'
        ) from exc


class EncryptedTextField(models.TextField[str, str]):
    """Text encrypted in the database and plain in Python. Lookups by value cannot match."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

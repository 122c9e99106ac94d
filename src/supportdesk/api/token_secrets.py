"""The token's secret: 256 random bits behind a recognisable prefix (secret scanners and people
can tell what leaked); the database keeps its SHA-256 only. A fast hash is enough for a secret
this long: nobody can guess it, so there is nothing to slow down."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "sdk_"
SHOWN_CHARACTERS = 12


def new_token_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

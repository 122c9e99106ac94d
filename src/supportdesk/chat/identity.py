"""The signed identity a host application gives its chat widget (pure Python, no Django).

The host's server signs who the signed-in user is; the widget only carries the token:

    token = base64url(JSON claims) + "." + hex(HMAC-SHA256(host secret, base64url(JSON claims)))

Claims: `user_id`, `email`, `name`, `team_id`, `team_name`, `plan` (free, team, enterprise),
`seats`, `iat` and `exp` (Unix seconds). A token is refused, before anything is stored, when it
is missing, malformed, signed with no active secret of the host, not yet valid, expired, or
valid for longer than MAX_LIFETIME (a token good for a year is a password in a web page).
Two secrets may be active at once so that a host can rotate its secret without downtime.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

MAX_TOKEN_CHARS = 4096
MAX_LIFETIME = timedelta(hours=24)
CLOCK_SKEW = timedelta(minutes=2)
PLANS = frozenset({"free", "team", "enterprise"})
# Good enough to route mail to; the desk's own forms validate addresses properly.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}")
_SIGNATURE = re.compile(r"[0-9a-f]{64}")


class IdentityRefused(Exception):
    """Why a token was refused: `reason` is one of REASONS, for counters and the admin's list."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


REASONS = ("missing", "malformed", "forged", "not_yet_valid", "expired", "too_long", "claims")


@dataclass(frozen=True)
class CloudIdentity:
    user_id: str
    email: str
    name: str
    team_id: str
    team_name: str
    plan: str
    seats: int
    issued_at: datetime
    expires_at: datetime


def sign(claims: Mapping[str, Any], secret: str) -> str:
    """What the host's server computes (the demo page and the tests use it too)."""
    body = base64.urlsafe_b64encode(
        json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    )
    payload = body.rstrip(b"=").decode()
    return f"{payload}.{_mac(secret, payload)}"


def verify(token: str, secrets: Iterable[str], *, now: datetime) -> CloudIdentity:
    if not token:
        raise IdentityRefused("missing")
    if len(token) > MAX_TOKEN_CHARS:
        raise IdentityRefused("malformed", "token too long")
    payload, dot, signature = token.rpartition(".")
    if not dot or not payload or not _SIGNATURE.fullmatch(signature):
        raise IdentityRefused("malformed", "not payload.signature")
    # Every active secret is tried, so a rotation in progress accepts both.
    if not any(hmac.compare_digest(_mac(s, payload), signature) for s in secrets if s):
        raise IdentityRefused("forged", "the signature matches no active secret")
    claims = _decode(payload)
    identity = _identity(claims)
    if identity.issued_at - CLOCK_SKEW > now:
        raise IdentityRefused("not_yet_valid", f"issued at {identity.issued_at.isoformat()}")
    if identity.expires_at <= now:
        raise IdentityRefused("expired", f"expired at {identity.expires_at.isoformat()}")
    if identity.expires_at - identity.issued_at > MAX_LIFETIME:
        raise IdentityRefused("too_long", "valid for more than 24 hours")
    return identity


def _mac(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def _decode(payload: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise IdentityRefused("malformed", "the claims are not base64url JSON") from exc
    if not isinstance(claims, dict):
        raise IdentityRefused("malformed", "the claims are not a JSON object")
    return claims


def _identity(claims: dict[str, Any]) -> CloudIdentity:
    def text(key: str, limit: int, *, required: bool = True) -> str:
        value = claims.get(key, "")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # numeric ids are common
        if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
            raise IdentityRefused("claims", f"{key} must be a string of 1 to {limit} characters")
        return value.strip()

    def instant(key: str) -> datetime:
        value = claims.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**33:
            raise IdentityRefused("claims", f"{key} must be Unix seconds")
        return datetime.fromtimestamp(value, UTC)

    email = text("email", 320)
    if not _EMAIL.fullmatch(email):
        raise IdentityRefused("claims", "email is not an email address")
    plan = text("plan", 20)
    if plan not in PLANS:
        raise IdentityRefused("claims", f"plan must be one of {', '.join(sorted(PLANS))}")
    seats = claims.get("seats", 1)
    if not isinstance(seats, int) or isinstance(seats, bool) or not 0 < seats < 1_000_000:
        raise IdentityRefused("claims", "seats must be a positive whole number")
    return CloudIdentity(
        user_id=text("user_id", 100),
        email=email.lower(),
        name=text("name", 200, required=False),
        team_id=text("team_id", 100),
        team_name=text("team_name", 200),
        plan=plan,
        seats=seats,
        issued_at=instant("iat"),
        expires_at=instant("exp"),
    )

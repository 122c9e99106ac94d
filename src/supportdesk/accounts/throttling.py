"""Rate limits and lock-out for login, registration and password reset (django-ratelimit).

Two kinds of limit: per client address for every attempt, and per account for failed logins
(a lock-out that also stops a distributed guesser). Counters live in Django's cache, which
must be shared between processes in production (see README).
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage, is_ratelimited

from supportdesk.accounts.client_address import client_address


@dataclass(frozen=True)
class Limit:
    group: str
    rate: str


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, default))


def login_per_address() -> Limit:
    return Limit("login-address", _setting("SUPPORTDESK_LOGIN_RATE", "20/10m"))


def login_failures_per_account() -> Limit:
    return Limit("login-account", _setting("SUPPORTDESK_LOGIN_LOCKOUT_RATE", "5/15m"))


def registration_per_address() -> Limit:
    return Limit("register-address", _setting("SUPPORTDESK_REGISTRATION_RATE", "5/h"))


def password_reset_per_address() -> Limit:
    return Limit("reset-address", _setting("SUPPORTDESK_PASSWORD_RESET_RATE", "5/h"))


def too_many_attempts_message() -> str:
    return _("Too many attempts. Please wait a few minutes and try again.")


def _account_key(identifier: str) -> str:
    # Hashed so cache keys never carry an email address.
    return hashlib.sha256(identifier.strip().lower().encode()).hexdigest()


def _address_key(group: str, request: HttpRequest) -> str:
    raw = client_address(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        # No usable peer address (e.g. a Unix socket): such requests share one counter
        # rather than escape the limit.
        return "unknown"
    # One IPv6 host usually holds a whole /64; counting per address would let it rotate freely.
    prefix = 64 if address.version == 6 else 32
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def hit_address_limit(request: HttpRequest, limit: Limit) -> bool:
    """Counts this attempt against the client address; True once over the limit."""
    return bool(
        is_ratelimited(
            request, group=limit.group, key=_address_key, rate=limit.rate, increment=True
        )
    )


def account_locked(request: HttpRequest, identifier: str) -> bool:
    """Locked once the failures in the window reach the limit (5 failures: the 6th try waits)."""
    limit = login_failures_per_account()
    key = _account_key(identifier)
    usage = get_usage(request, group=limit.group, key=lambda g, r: key, rate=limit.rate)
    return usage is not None and usage["count"] >= usage["limit"]


def record_login_failure(request: HttpRequest, identifier: str) -> None:
    limit = login_failures_per_account()
    key = _account_key(identifier)
    is_ratelimited(
        request, group=limit.group, key=lambda g, r: key, rate=limit.rate, increment=True
    )

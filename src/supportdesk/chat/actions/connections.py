"""Letting a widget in: the host and the page's origin, the signed identity, a cloud customer.

Everything is checked before anything of the identity is stored; a refusal is logged, counted
(a row for the admin's list, at most REFUSALS_RECORDED_PER_MINUTE per address so that a flood
of forged tokens cannot fill the table) and told to the widget in plain words.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import NoReturn

from django.core.cache import cache

from supportdesk.chat.identity import CloudIdentity, IdentityRefused, verify
from supportdesk.chat.models import ChatHost, RefusalReason, RefusedConnection
from supportdesk.customers.actions.cloud_members import (
    CloudMember,
    NotACloudCustomer,
    do_sync_cloud_member,
)
from supportdesk.customers.models import Contact

logger = logging.getLogger(__name__)

REFUSALS_RECORDED_PER_MINUTE = 20


class ChatRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ChatSession:
    host: ChatHost
    contact: Contact
    identity: CloudIdentity
    language: str


def check_chat_host(*, host_key: str, origin: str, address: str | None) -> ChatHost:
    host = ChatHost.objects.filter(key=host_key[:40], is_active=True).first()
    if host is None:
        _refuse(None, RefusalReason.UNKNOWN_HOST, f"key {host_key[:40]!r}", origin, address)
    if origin.rstrip("/") not in host.origins():
        _refuse(host, RefusalReason.ORIGIN, "", origin, address)
    return host


def check_chat_session(
    *, host: ChatHost, token: str, origin: str, address: str | None, language: str, now: datetime
) -> ChatSession:
    try:
        identity = verify(token, host.active_secrets(), now=now)
    except IdentityRefused as refusal:
        _refuse(host, RefusalReason(refusal.reason), refusal.detail, origin, address)
    # The same claims, minus the token's own validity.
    claims = asdict(identity)
    del claims["issued_at"], claims["expires_at"]
    member = CloudMember(**claims, language=language)
    try:
        contact = do_sync_cloud_member(member)
    except NotACloudCustomer as exc:
        _refuse(host, RefusalReason.ENTERPRISE, str(exc), origin, address)
    return ChatSession(host=host, contact=contact, identity=identity, language=language)


def _refuse(
    host: ChatHost | None, reason: RefusalReason, detail: str, origin: str, address: str | None
) -> NoReturn:
    logger.warning(
        "chat connection refused (%s): host=%s origin=%s address=%s %s",
        reason.value,
        host.pk if host else None,
        origin[:300],
        address,
        detail,
    )
    window = f"chat:refusals:{address}"
    cache.add(window, 0, 60)
    try:
        recorded = cache.incr(window)
    except ValueError:  # evicted between add and incr
        recorded = 1
    if recorded <= REFUSALS_RECORDED_PER_MINUTE:
        RefusedConnection.objects.create(
            host=host, reason=reason, detail=detail[:300], origin=origin[:300], address=address
        )
    raise ChatRefused(reason)

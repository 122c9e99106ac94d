"""Creating, revoking and noting the use of API tokens."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.api.models import ApiToken, TokenKind, TokenScope
from supportdesk.api.token_secrets import SHOWN_CHARACTERS, new_token_secret, token_digest
from supportdesk.tickets.errors import ActionRefused, PermissionDenied

logger = logging.getLogger(__name__)
# `last_used_at` is for people ("used today?"): one write a minute per token is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def check_create_api_token(
    *,
    actor: User,
    name: str,
    kind: str,
    scope: str,
    user: User | None,
    expires_at: datetime | None,
) -> CreatedToken:
    if not actor.is_active or not actor.has_perm("api.add_apitoken"):
        raise PermissionDenied(_("You cannot create API tokens."))
    if not name.strip():
        raise ActionRefused(_("Name the token."))
    if scope not in TokenScope.values or kind not in TokenKind.values:
        raise ActionRefused(_("Unknown kind or scope of token."))
    if kind == TokenKind.PERSONAL and (user is None or not user.is_agent):
        raise ActionRefused(_("A personal token belongs to an active agent."))
    return do_create_api_token(
        actor=actor, name=name.strip(), kind=TokenKind(kind), scope=TokenScope(scope),
        user=user, expires_at=expires_at,
    )  # fmt: skip


@transaction.atomic
def do_create_api_token(
    *,
    actor: User | None,
    name: str,
    kind: TokenKind,
    scope: TokenScope,
    user: User | None,
    expires_at: datetime | None,
) -> CreatedToken:
    if kind == TokenKind.INTEGRATION:
        user = _service_account(name)
    assert user is not None
    secret = new_token_secret()
    token = ApiToken.objects.create(
        name=name,
        kind=kind,
        scope=scope,
        user=user,
        prefix=secret[:SHOWN_CHARACTERS],
        digest=token_digest(secret),
        created_at=timezone.now(),
        created_by=actor,
        expires_at=expires_at,
    )
    logger.info("API token %s (%s, %s) created for user %s", token.pk, kind, scope, user.pk)
    return CreatedToken(token, secret)


def _service_account(name: str) -> User:
    """The integration's own agent account: it acts in the timeline under the token's name and
    cannot sign in (no usable password)."""
    account = User(
        username=f"integration-{secrets.token_hex(6)}",
        first_name=name[:150],
        last_name=_("(integration)"),
        is_staff=True,
        is_service_account=True,
    )
    account.set_unusable_password()
    account.save()
    return account


def do_revoke_api_token(*, token: ApiToken, actor: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("API token %s revoked by user %s", token.pk, actor.pk)
    return token


def do_note_token_used(*, token: ApiToken, now: datetime) -> None:
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    token.last_used_at = now
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)

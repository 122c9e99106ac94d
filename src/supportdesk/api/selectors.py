"""Reads of API tokens."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from supportdesk.api.models import ApiToken
from supportdesk.api.token_secrets import PREFIX, token_digest


def api_token_for_secret(*, secret: str, now: datetime) -> ApiToken | None:
    """The token this secret opens, if it is live and its user is still an active agent."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    if token is None or not token.usable_at(now) or not token.user.is_agent:
        return None
    return token


def api_token_list() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "created_by")

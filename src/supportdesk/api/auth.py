from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from supportdesk.accounts.models import User
from supportdesk.api.actions.tokens import do_note_token_used
from supportdesk.api.models import TokenScope
from supportdesk.api.rate_limit import count_token_request
from supportdesk.api.selectors import api_token_for_secret

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class AgentSession(SessionAuth):
    """The agent's browser session (CSRF-checked by django-ninja for cookie auth)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if isinstance(user, User) and user.is_agent:
            return user
        return None


class ApiTokenBearer(HttpBearer):
    """`Authorization: Bearer sdk_…`: the token's user, counted against its rate limit; a
    read-only token may not write. No CSRF: a browser never sends this header by itself."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        api_token = api_token_for_secret(secret=token, now=now)
        if api_token is None:
            return None
        count_token_request(token_id=api_token.pk, now=now)
        if api_token.scope != TokenScope.WRITE and request.method not in SAFE_METHODS:
            raise HttpError(403, _("This token may only read."))
        do_note_token_used(token=api_token, now=now)
        return api_token.user


def authenticated_agent(request: HttpRequest) -> User:
    """The agent the request was authenticated as (django-ninja sets `request.auth`)."""
    agent = getattr(request, "auth", None)
    assert isinstance(agent, User), "the endpoint is not behind AgentSession"
    return agent

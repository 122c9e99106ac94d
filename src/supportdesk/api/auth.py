from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth

from supportdesk.accounts.models import User


class AgentSession(SessionAuth):
    """The agent's browser session (CSRF-checked by django-ninja for cookie auth)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if isinstance(user, User) and user.is_agent:
            return user
        return None


def authenticated_agent(request: HttpRequest) -> User:
    """The agent the request was authenticated as (django-ninja sets `request.auth`)."""
    agent = getattr(request, "auth", None)
    assert isinstance(agent, User), "the endpoint is not behind AgentSession"
    return agent

"""API tokens for tests, made through the same action the admin uses."""

from __future__ import annotations

from supportdesk.accounts.models import User
from supportdesk.api.actions.tokens import do_create_api_token
from supportdesk.api.models import TokenKind, TokenScope


def bearer(user: User, *, scope: TokenScope = TokenScope.WRITE) -> dict[str, str]:
    created = do_create_api_token(
        actor=None, name="test", kind=TokenKind.PERSONAL, scope=scope, user=user, expires_at=None
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}

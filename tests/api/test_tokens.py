"""API tokens: created in the admin and shown once, kept hashed, revoked, expired; an
integration's token acts as its own service account."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from supportdesk.accounts.selectors import agent_list
from supportdesk.api.actions.tokens import do_create_api_token
from supportdesk.api.models import ApiToken, TokenKind, TokenScope
from supportdesk.api.token_secrets import SHOWN_CHARACTERS
from supportdesk.tickets.models import EventKind, TicketEvent
from tests.accounts.factories import AgentFactory
from tests.api.tokens import bearer

pytestmark = pytest.mark.django_db


def _admin_creates(client, **fields) -> str:
    client.force_login(AgentFactory(is_superuser=True))
    response = client.post("/admin/api/apitoken/add/", fields, follow=True)
    assert response.status_code == 200
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    match = re.search(r"sdk_[A-Za-z0-9_-]{43}", messages + response.content.decode())
    assert match, "the secret is shown once after creation"
    # The "added" message names it by its beginning, as the list does.
    assert f"«{fields['name']} ({match[0][:SHOWN_CHARACTERS]}…)»" in messages
    return match[0]


def test_the_admin_creates_a_personal_token_shown_once_and_stored_hashed(client):
    agent = AgentFactory()
    secret = _admin_creates(client, name="CI", kind="personal", scope="read", user=agent.pk)
    token = ApiToken.objects.get()
    assert token.user == agent
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values_list())
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert secret not in page and token.prefix in page
    answer = client.get("/api/v1/tickets", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_personal_token_needs_an_agent(client):
    client.force_login(AgentFactory(is_superuser=True))
    response = client.post(
        "/admin/api/apitoken/add/", {"name": "x", "kind": "personal", "scope": "read"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not ApiToken.objects.exists()


def test_revoked_and_expired_tokens_are_refused(client):
    agent = AgentFactory()
    revoked = do_create_api_token(actor=None, name="a", kind=TokenKind.PERSONAL,
                                  scope=TokenScope.READ, user=agent, expires_at=None)  # fmt: skip
    expired = do_create_api_token(actor=None, name="b", kind=TokenKind.PERSONAL,
                                  scope=TokenScope.READ, user=agent,
                                  expires_at=timezone.now() + timedelta(seconds=1))  # fmt: skip
    admin = AgentFactory(is_superuser=True)
    client.force_login(admin)
    client.post("/admin/api/apitoken/", {"action": "revoke",
                                         "_selected_action": [revoked.token.pk]})  # fmt: skip
    client.logout()
    assert ApiToken.objects.get(pk=revoked.token.pk).revoked_at is not None
    refused = client.get("/api/v1/tickets", HTTP_AUTHORIZATION=f"Bearer {revoked.secret}")
    assert refused.status_code == 401
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    refused = client.get("/api/v1/tickets", HTTP_AUTHORIZATION=f"Bearer {expired.secret}")
    assert refused.status_code == 401


def test_an_integration_token_acts_as_its_own_service_account(client, open_ticket):
    ticket = open_ticket()
    secret = _admin_creates(client, name="Облачное приложение", kind="integration", scope="write")
    client.logout()
    token = ApiToken.objects.get()
    assert token.user.is_staff and not token.user.has_usable_password()
    response = client.post(
        f"/api/v1/tickets/{ticket.number}/notes",
        {"body": "Синхронизировано"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.INTERNAL_NOTE)
    assert event.actor_agent == token.user
    assert token.user.get_full_name() == "Облачное приложение (интеграция)"


def test_an_integration_is_never_offered_or_given_a_ticket(client, agent, open_ticket):
    ticket = open_ticket()
    _admin_creates(client, name="CRM", kind="integration", scope="write")
    service = ApiToken.objects.get().user
    assert service.is_service_account
    assert service not in agent_list()
    client.force_login(agent)
    page = client.get(f"/desk/tickets/{ticket.number}/").content.decode()
    assert "CRM (интеграция)" not in page
    given = client.post(
        f"/api/v1/tickets/{ticket.number}/assignee",
        {"assignee_id": service.pk},
        content_type="application/json",
        **bearer(agent),
    )
    assert given.status_code == 409
    assert given.json()["error"]["code"] == "refused"
    ticket.refresh_from_db()
    assert ticket.assignee is None

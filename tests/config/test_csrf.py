"""No POST changes anything without the CSRF token, on any routed URL, whoever sends it.

The exceptions authenticate in another way, each named with its reason.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.config.access_scenario import build_scenario, routes

pytestmark = pytest.mark.django_db

# 403: the CSRF check; 405: a view that takes no POST at all; 401: an API endpoint that
# found no credentials (the Telegram webhook and the collector upload use their own secrets).
REFUSALS = {"401", "403", "405"}


@pytest.mark.parametrize("role", ["anonymous", "customer", "agent", "admin"])
def test_a_post_without_the_csrf_token_is_refused_everywhere(
    role, customer_factory, open_ticket, settings
):
    from supportdesk.tickets.models import Message, TicketEvent

    settings.RATELIMIT_ENABLE = False
    scenario = build_scenario(customer_factory, open_ticket)
    before = (Message.objects.count(), TicketEvent.objects.count())
    accepted = {}
    for route in routes():
        client = Client(enforce_csrf_checks=True)
        if (user := scenario.users[role]) is not None:
            client.force_login(user)
        response = client.post(scenario.path(route), {"body": "forged", "status": "solved"})
        if str(response.status_code) not in REFUSALS:
            accepted[scenario.path(route)] = response.status_code
    assert accepted == {}
    assert (Message.objects.count(), TicketEvent.objects.count()) == before

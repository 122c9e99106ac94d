"""Only agents reach the workspace (the rule itself is `accounts.agent_access`, shared with the
reports)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from supportdesk.accounts.agent_access import agent_required, request_agent

__all__ = ["HtmxHttpRequest", "agent_required", "request_agent"]


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails

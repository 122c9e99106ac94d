"""API v1: tokens or an agent's browser session, one error shape, OpenAPI 3.1 and offline docs."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from supportdesk.api.auth import AgentSession, ApiTokenBearer
from supportdesk.api.v1 import (
    customers,
    events,
    ticket_actions,
    ticket_records,
    tickets,
    uploads,
)
from supportdesk.api.v1.errors import install_error_handlers


class Utf8JSONRenderer(JSONRenderer):
    """Russian text as itself, not \\u-escapes: what a person reading curl's output expects."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        text = json.dumps(data, cls=self.encoder_class, ensure_ascii=False)
        try:
            return text.encode(self.charset)
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8: escaped, as JSON allows
            return json.dumps(data, cls=self.encoder_class).encode(self.charset)


api_v1 = NinjaAPI(
    title="SupportDesk API",
    version="v1",
    description=(
        "Authenticate with `Authorization: Bearer <token>` (an administrator creates tokens in "
        "the admin) or an agent's browser session. Errors: "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    auth=[ApiTokenBearer(), AgentSession()],
    urls_namespace="api_v1",
    renderer=Utf8JSONRenderer(),
)
install_error_handlers(api_v1)
api_v1.add_router("", tickets.router)
api_v1.add_router("", ticket_actions.router)
api_v1.add_router("", ticket_records.router)
api_v1.add_router("", uploads.router)
api_v1.add_router("", events.router)
api_v1.add_router("", customers.router)

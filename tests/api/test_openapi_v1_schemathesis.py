"""schemathesis against the live API v1 schema (uvicorn, a bearer token with write scope):
every operation never answers 5xx and always answers as its schema says."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode

from supportdesk.tickets.models import Attachment
from tests.accounts.factories import AgentFactory
from tests.api.test_openapi_schemathesis import CHECKS
from tests.api.tokens import bearer

PER_OPERATION = settings(
    max_examples=20,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _known_good(
    number: int, other: int, contact_id: int, agent_id: int, organisation_id: int, file_id: int
) -> list[tuple]:
    """One valid request per operation: success answers must match the schema too."""
    return [
        ("GET /api/v1/tickets", 200, {"query": {"view": "all", "limit": 1}}),
        ("GET /api/v1/tickets/{number}", 200, {"path_parameters": {"number": number}}),
        ("POST /api/v1/tickets", 201, {"body": {"contact_id": contact_id, "text": "Ошибка",
                                                 "external_id": "st-1"}}),
        ("POST /api/v1/tickets/{number}/notes", 201,
         {"path_parameters": {"number": number}, "body": {"body": "заметка"}}),
        ("POST /api/v1/tickets/{number}/replies", 201,
         {"path_parameters": {"number": number}, "body": {"body": "ответ"}}),
        ("POST /api/v1/tickets/{number}/status", 200,
         {"path_parameters": {"number": number}, "body": {"status": "waiting"}}),
        ("POST /api/v1/tickets/{number}/severity", 200,
         {"path_parameters": {"number": number}, "body": {"severity": "critical"}}),
        ("POST /api/v1/tickets/{number}/critical", 409,
         {"path_parameters": {"number": number}, "body": {"decision": "confirm", "reason": "x"}}),
        ("POST /api/v1/tickets/{number}/assignee", 200,
         {"path_parameters": {"number": number}, "body": {"assignee_id": agent_id}}),
        ("GET /api/v1/tickets/{number}/messages", 200, {"path_parameters": {"number": number}}),
        ("GET /api/v1/tickets/{number}/sla", 200, {"path_parameters": {"number": number}}),
        ("GET /api/v1/attachments/{attachment_id}", 200,
         {"path_parameters": {"attachment_id": file_id}}),
        ("POST /api/v1/tickets/{number}/attachments", 201,
         {"path_parameters": {"number": number}, "media_type": "multipart/form-data",
          "body": {"file": b"log line\n", "external_id": "st-file"}}),
        ("GET /api/v1/events", 200, {"query": {"limit": 5}}),
        ("GET /api/v1/organisations", 200, {"query": {"external_id": "team-1"}}),
        ("GET /api/v1/organisations/{organisation_id}", 200,
         {"path_parameters": {"organisation_id": organisation_id}}),
        ("GET /api/v1/contacts", 200, {"query": {"organisation": organisation_id}}),
        ("GET /api/v1/contacts/{contact_id}", 200, {"path_parameters": {"contact_id": contact_id}}),
        ("POST /api/v1/tickets/{number}/merge", 200,
         {"path_parameters": {"number": other}, "body": {"target": number}}),
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_every_v1_operation_answers_as_its_schema_says_and_never_with_a_server_error(
    asgi_server: str, monkeypatch: pytest.MonkeyPatch, open_ticket: Any, settings: Any
) -> None:
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    settings.SUPPORTDESK_API_REQUESTS_PER_MINUTE = 100_000
    agent = AgentFactory.create()
    ticket, other = open_ticket(), open_ticket()
    secret = bearer(agent)["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {secret}"
    config = SchemathesisConfig.from_dict({"auth": {"openapi": {
        "ApiTokenBearer": {"bearer": secret},
    }}})  # fmt: skip
    schema = schemathesis.openapi.from_url(f"{asgi_server}/api/v1/openapi.json", config=config)
    operations = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operations[f"{result.ok().method.upper()} {result.ok().path}"] = result.ok()

    attachment = Attachment(message=ticket.messages.get(), filename="a.txt",
                            content_type="text/plain", size=1)  # fmt: skip
    attachment.file.save("a.txt", ContentFile(b"a"), save=False)
    attachment.save()
    good = _known_good(ticket.number, other.number, ticket.requester_id, agent.pk,
                       ticket.organisation_id, attachment.pk)  # fmt: skip
    assert {label for label, _, _ in good} == set(operations), "list every operation here"
    for label, status, request in good:
        response = (
            operations[label]
            .Case(**request)
            .call_and_validate(base_url=asgi_server, session=session, checks=CHECKS, timeout=30)
        )
        assert response.status_code == status, (label, response.text)

    failures: dict[str, str] = {}
    for label, operation in operations.items():
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @PER_OPERATION
        @given(case=cases, real_ticket=st.booleans())
        def call(case: Any, real_ticket: bool) -> None:
            if real_ticket and case.path_parameters and "number" in case.path_parameters:
                case.path_parameters["number"] = ticket.number
            case.call_and_validate(base_url=asgi_server, session=session, checks=CHECKS, timeout=30)

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:
            failures[label] = f"{type(exc).__name__}: {exc}"

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())

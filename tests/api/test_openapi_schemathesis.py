"""schemathesis against the live OpenAPI schema, served by the real ASGI app through uvicorn
(issue 12): every operation, as an agent with write rights (session cookie and CSRF token) and
the collector's upload token, never answers 5xx and always answers as its schema says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from supportdesk.fault_reports.tokens import upload_token
from tests.accounts.factories import AgentFactory
from tests.diagnostics.bundles import write_bundle
from tests.sla.factories import EnterpriseOrganisationFactory
from tests.tickets.factories import TicketFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PER_OPERATION = settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
OPERATIONS = {
    "GET /api/sla/agreements",
    "POST /api/sla/agreements",
    "GET /api/sla/due",
    "POST /api/diagnostics/bundles",
}
CSRF = "schemathesis0csrf0token000000000"  # an unmasked 32-character secret, cookie = header


def _agent_session() -> requests.Session:
    from django.conf import settings as django_settings
    from django.test import Client

    browser = Client()
    browser.force_login(AgentFactory.create(is_superuser=True))
    session = requests.Session()
    session.cookies.set(
        django_settings.SESSION_COOKIE_NAME,
        browser.cookies[django_settings.SESSION_COOKIE_NAME].value,
    )
    session.cookies.set(django_settings.CSRF_COOKIE_NAME, CSRF)
    session.headers["X-CSRFToken"] = CSRF
    return session


def _with_real_ids(case: Any, organisation_id: int, ticket_number: int, use_them: bool) -> Any:
    """Half the cases name the organisation and ticket that exist, to reach the success paths."""
    if not use_them or not isinstance(case.body, dict):
        return case
    if "organisation_id" in case.body:
        case.body["organisation_id"] = organisation_id
    if "ticket" in case.body:
        case.body["ticket"] = str(ticket_number)
    return case


def _known_good_requests(
    organisation_id: int, ticket_number: int, bundle: Path
) -> list[tuple[str, int, dict[str, Any]]]:
    """One valid request per operation and its status: success answers must match the schema
    too, and random data seldom reaches them (dates outside the calendar, absurd hours)."""
    agreement = {
        "organisation_id": organisation_id,
        "contract_reference": "Договор 7",
        "response_business_hours": "8",
        "critical_fix_business_hours": "45",
        "valid_from": "2026-01-01",
    }
    upload = {
        "body": {"ticket": f"#{ticket_number}", "bundle": bundle.read_bytes()},
        "media_type": "multipart/form-data",
        "headers": {"Authorization": f"Bearer {upload_token(ticket_number)}"},
    }
    return [
        ("POST /api/sla/agreements", 201, {"body": agreement}),
        ("GET /api/sla/agreements", 200, {"query": {"organisation_id": organisation_id}}),
        ("GET /api/sla/due", 200, {"query": {"start": "2025-12-30T15:00:00+03:00",
                                             "business_hours": 16}}),
        ("POST /api/diagnostics/bundles", 201, upload),
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(
    asgi_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from django.conf import settings as django_settings
    from django.db import connection

    # The server threads' connections must close with their requests (see tests/live.py).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    organisation = EnterpriseOrganisationFactory.create()
    ticket = TicketFactory.create()
    session = _agent_session()
    # The schema's security schemes get real credentials, or schemathesis would make them up.
    config = SchemathesisConfig.from_dict({"auth": {"openapi": {
        "AgentSession": {"api_key": session.cookies[django_settings.SESSION_COOKIE_NAME]},
        "TicketUploadToken": {"bearer": upload_token(ticket.number)},
    }}})  # fmt: skip
    schema = schemathesis.openapi.from_url(
        f"{asgi_server}/api/openapi.json", config=config, cookies=session.cookies
    )

    operations = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operations[f"{result.ok().method.upper()} {result.ok().path}"] = result.ok()
    assert set(operations) == OPERATIONS, "an operation was added or removed: list it here"
    bundle = write_bundle(tmp_path / "bundle.tar.gz", {"logs/acme-app-1.log": b"ready\n"})
    for label, status, request in _known_good_requests(organisation.pk, ticket.number, bundle):
        response = operations[label].Case(**request).call_and_validate(
            base_url=asgi_server, session=session, checks=CHECKS, timeout=30
        )  # fmt: skip
        assert response.status_code == status, (label, response.text)

    failures: dict[str, str] = {}
    for label, operation in operations.items():
        # Valid requests, and requests that break the schema (the API must refuse them with a
        # documented 4xx, never fail).
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @PER_OPERATION
        @given(case=cases, use_real_ids=st.booleans())
        def call(case: Any, use_real_ids: bool) -> None:
            case = _with_real_ids(case, organisation.pk, ticket.number, use_real_ids)
            case.call_and_validate(base_url=asgi_server, session=session, checks=CHECKS, timeout=30)

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:  # all reported, not only the first
            failures[label] = f"{type(exc).__name__}: {exc}"

    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())

"""Hostile text through the portal's new-request form and reply, as a signed-in customer:
a page or a redirect every time, never HTTP 500, and the request page shows what was stored
(issue 12). Free text also reaches the user-agent parser and the checklist rules."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.tickets.models import Ticket
from tests.deadline import finishes_within

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FRAGMENTS = ["<script>alert(1)</script>", "{{ request }}", "{% debug %}", "%(error)s", "%s", "\x00",
             "\u202e", "\ufeff", "'", '"', "\\", "\r\n", "&#0;", "ж" * 300, "https://", "@", "\t",
             "1. Открыть\n2. Нажать", "Chrome/120.0", "registry/app:1.2.3", "a" * 5000,
             "javascript:alert(1)", "../../etc/passwd", "diagram", "диаграмма", "\U0001f600"]  # fmt: skip
hostile_text = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join),
)
user_agents = st.one_of(
    st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=300),
    st.sampled_from(["Mozilla/5.0 " * 500, "Mozilla/5.0 (" * 300, "Chrome/" + "9" * 400]),
)
new_requests = st.fixed_dictionaries({
    "problem_kind": st.one_of(st.sampled_from(["user_facing_error", "server_error", "question"]),
                              hostile_text),
    "subject": hostile_text,
    "description": hostile_text,
    "reproduction_steps": hostile_text,
    "affected_user_email": st.one_of(st.just(""), st.emails(), hostile_text),
    "diagram_link": st.one_of(st.just(""), hostile_text, st.just("https://app.example/d/1")),
    "browser_version": hostile_text,
    "image_version": hostile_text,
    "critical_claim": st.sampled_from(["", "on", "off", "\x00"]),
    "idempotency_key": st.one_of(st.uuids().map(str), hostile_text),
})  # fmt: skip


@FUZZ
@given(form=new_requests, user_agent=user_agents)
def test_any_new_request_is_a_form_error_or_a_request_never_a_server_error(
    customer_client, form, user_agent
):
    before = Ticket.objects.count()
    with finishes_within(20):
        response = customer_client.post("/portal/new/", form, headers={"User-Agent": user_agent})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:  # the form with its errors
        assert Ticket.objects.count() == before
        return
    # A request, or the one an earlier post with the same idempotency key made.
    page = customer_client.get(response["Location"])
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content


@pytest.fixture
def own_ticket(customer_client):
    response = customer_client.post("/portal/new/", {
        "problem_kind": "question", "subject": "Вопрос", "description": "Как выгрузить отчёт?",
        "idempotency_key": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 302
    return Ticket.objects.get()


@FUZZ
@given(body=hostile_text, key=st.one_of(st.uuids().map(str), hostile_text))
def test_any_reply_is_a_message_or_an_error_never_a_server_error(
    customer_client, own_ticket, body, key
):
    url = f"/portal/requests/{own_ticket.number}/"
    with finishes_within(20):
        response = customer_client.post(f"{url}reply/", {"body": body, "idempotency_key": key})
    assert response.status_code == 302
    page = customer_client.get(response["Location"])
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content

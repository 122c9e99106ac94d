"""A refused API v1 request says what is wrong with each field in the request's language, and
answers are UTF-8 JSON a person can read in curl's output."""

from __future__ import annotations

import json

import pytest

from tests.api.tokens import bearer

pytestmark = pytest.mark.django_db


def _post(client, agent, path: str, data: object, language: str):
    return client.post(
        path,
        json.dumps(data),
        content_type="application/json",
        headers={"Accept-Language": language},
        **bearer(agent),
    )


@pytest.mark.parametrize(
    ("language", "required", "blank"),
    [
        ("ru", "Обязательное поле.", "Пусто или есть недопустимые символы."),
        ("en", "This field is required.", "Empty, or has characters that are not allowed."),
    ],
)
def test_field_errors_are_in_the_request_language(
    client, agent, open_ticket, language, required, blank
):
    ticket = open_ticket()
    path = f"/api/v1/tickets/{ticket.number}/replies"
    assert _post(client, agent, path, {}, language).json()["error"]["fields"] == {"body": required}
    for body in ("   ", "a\x00b", "\x00", " \x00 ", "a\x00\x00b"):
        refused = _post(client, agent, path, {"body": body}, language)
        assert refused.status_code == 422, body  # PostgreSQL cannot store a NUL: a 500 before
        assert refused.json()["error"]["fields"] == {"body": blank}


def test_enum_long_and_range_errors_name_the_limits(client, agent, open_ticket):
    ticket = open_ticket()
    status = _post(
        client, agent, f"/api/v1/tickets/{ticket.number}/status", {"status": "gone"}, "ru"
    )
    message = status.json()["error"]["fields"]["status"]
    assert message.startswith("Допустимые значения: ") and "'waiting'" in message
    assert " or " not in message
    long = client.get(
        "/api/v1/tickets", {"q": "я" * 201}, headers={"Accept-Language": "ru"}, **bearer(agent)
    )
    assert long.json()["error"]["fields"] == {"q": "Слишком длинно: не больше 200 символов."}
    limit = client.get(
        "/api/v1/events", {"limit": 0}, headers={"Accept-Language": "en"}, **bearer(agent)
    )
    assert limit.json()["error"]["fields"] == {"limit": "Must be at least 1."}


def test_answers_carry_russian_as_utf8_not_escapes(client, agent, open_ticket):
    open_ticket(subject="Не открывается диаграмма")
    response = client.get("/api/v1/tickets", **bearer(agent))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Не открывается диаграмма".encode() in response.content
    assert b"\\u" not in response.content

"""LOG_FORMAT=json: one JSON object per log line, with the request's id and the ticket."""

import json
import logging

import pytest

from supportdesk.log_lines import JsonFormatter, RequestIdFilter


def _line(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_line_is_one_json_object_with_the_ticket_and_channel():
    record = logging.LogRecord("supportdesk.mail", logging.WARNING, __file__, 1,
                               "email %s rejected", ("<x@y>",), None)  # fmt: skip
    record.ticket, record.channel = 1042, "email"
    line = _line(record)
    assert line["level"] == "WARNING" and line["logger"] == "supportdesk.mail"
    assert line["message"] == "email <x@y> rejected"
    assert (line["ticket"], line["channel"]) == (1042, "email")


def test_an_exception_stays_inside_its_one_line():
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text and "boom" in json.loads(text)["exception"]


@pytest.mark.django_db
def test_lines_written_while_serving_a_request_carry_its_id(client, caplog):
    caplog.set_level(logging.WARNING)
    caplog.handler.addFilter(RequestIdFilter())  # as the console handler has it
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-42"})
    assert response["X-Request-ID"] == "req-42"
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == "req-42"


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "x" * 200 + "\r\nEvil: 1"})
    assert len(response["X-Request-ID"]) == 32

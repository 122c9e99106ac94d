"""The desk's log lines: human ones by default, one JSON object per line with LOG_FORMAT=json.

Every line written while a request is served carries that request's id (the caller's
`X-Request-ID` when it is a sane token, else a new one, sent back in the response), so the lines
of one request can be found across processes; `extra={"ticket": …, "channel": …}` adds those.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from inspect import iscoroutinefunction
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.decorators import sync_and_async_middleware

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_EXTRA_FIELDS = ("ticket", "channel")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := getattr(record, "request_id", ""):
            line["request_id"] = request_id
        for field in _EXTRA_FIELDS:
            if (value := getattr(record, field, None)) is not None:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


# The id stays set after the response: Django logs a failed request ("Not Found: …") only once
# the middleware has returned, and the next request on this thread or task sets its own.
@sync_and_async_middleware
def request_id_middleware(get_response: Callable[[HttpRequest], Any]) -> Callable[..., Any]:
    if iscoroutinefunction(get_response):

        async def serve_async(request: HttpRequest) -> HttpResponse:
            _request_id.set(_id_for(request))
            response: HttpResponse = await get_response(request)
            response["X-Request-ID"] = _request_id_of(request)
            return response

        return serve_async

    def serve(request: HttpRequest) -> HttpResponse:
        _request_id.set(_id_for(request))
        response: HttpResponse = get_response(request)
        response["X-Request-ID"] = _request_id_of(request)
        return response

    return serve


def _id_for(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
    request.META["supportdesk.request_id"] = request_id
    return request_id


def _request_id_of(request: HttpRequest) -> str:
    return str(request.META["supportdesk.request_id"])

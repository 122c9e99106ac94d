"""API v1's one error shape: `{"error": {"code", "message", "fields"}}`, the message in the
request's language (Accept-Language; Russian by default)."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from supportdesk.api.rate_limit import RateLimited
from supportdesk.api.v1.field_errors import field_message
from supportdesk.tickets.errors import ActionRefused, PermissionDenied

logger = logging.getLogger(__name__)


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorOut(Schema):
    error: ErrorBody


READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {
    **READ_ERRORS, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut,
}  # fmt: skip


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _field_name(location: Any) -> str:
    # ("body", "payload", "subject") → "subject"; ("query", "view") → "view"
    parts = [str(part) for part in location][1:]
    if len(parts) > 1 and parts[0] in ("payload", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _http_error_code(status: int) -> str:
    return {400: "bad_request", 403: "forbidden", 404: "not_found", 413: "too_large"}.get(
        status, "error"
    )


def install_error_handlers(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        fields = {_field_name(e.get("loc", ())): field_message(e) for e in exc.errors}
        logger.info("API v1 request refused: %s", fields)
        return error_response(
            api, request, 422, "invalid", _("The request is not valid; see fields."), fields
        )

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        message = _("Give a valid API token (Authorization: Bearer …) or sign in as an agent.")
        return error_response(api, request, 401, "unauthorized", message)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(
            api, request, exc.status_code, _http_error_code(exc.status_code), str(exc)
        )

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, 409, "refused", str(exc))

    def denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", _("You may not do this."))

    def rate_limited(request: HttpRequest, exc: Any) -> HttpResponse:
        message = _("Too many requests with this token; try again later.")
        response = error_response(api, request, 429, "rate_limited", message)
        response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ActionRefused, refused)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(RateLimited, rate_limited)

"""The error answers the API gives, declared on each operation so that its schema is complete.

django-ninja answers `{"detail": "..."}` for `HttpError` and authentication failures, and
`{"detail": [ {loc, msg, type, …} ]}` when a request does not validate.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str | list[dict[str, Any]]


# Every operation: not signed in (401), a request that does not validate (422).
COMMON_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 422: ValidationErrorOut}
# Writes also answer 400 (a body that cannot be parsed) and 403 (no CSRF token, no permission).
WRITE_ERRORS: dict[int, type[Schema]] = {**COMMON_ERRORS, 400: ErrorOut, 403: ErrorOut}

"""HTTP latency per view, method and status class, observed by a middleware.

A histogram lives in the memory of the process that served the request. With
PROMETHEUS_MULTIPROC_DIR set (before the process starts), prometheus-client keeps it in a file
in that directory instead, and `/metrics` on any process of the node adds up every process's
files, those of processes that have since exited included: a restarted process does not reset
the node's counts.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase
from prometheus_client import Histogram

REQUEST_LATENCY = Histogram(
    "supportdesk_http_request_duration_seconds",
    "Seconds from the request reaching Django to its response, by view, method, status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

# Methods outside this set are counted as "other": a client must not add label values at will.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNRESOLVED_VIEW = "<unresolved>"


def observe_request(request: HttpRequest, status_code: int, seconds: float) -> None:
    match = request.resolver_match
    view = match.view_name if match is not None and match.view_name else UNRESOLVED_VIEW
    method = request.method if request.method in KNOWN_METHODS else "other"
    REQUEST_LATENCY.labels(view=view, method=method, status=f"{status_code // 100}xx").observe(
        seconds
    )


type SyncGetResponse = Callable[[HttpRequest], HttpResponseBase]
type AsyncGetResponse = Callable[[HttpRequest], Awaitable[HttpResponseBase]]


class RequestLatencyMiddleware:
    """Outermost middleware: the time includes every other middleware and the view."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: SyncGetResponse | AsyncGetResponse) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.is_async:
            return self._async_call(request)
        started = time.perf_counter()
        response = self.get_response(request)
        assert isinstance(response, HttpResponseBase)
        observe_request(request, response.status_code, time.perf_counter() - started)
        return response

    async def _async_call(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        assert not isinstance(response, HttpResponseBase)
        result = await response
        observe_request(request, result.status_code, time.perf_counter() - started)
        return result

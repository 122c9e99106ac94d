"""Liveness and readiness probes for process managers and load balancers; `/metrics`."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from supportdesk.ops.heartbeat import WORKER, heartbeat_age
from supportdesk.ops.metrics import CONTENT_TYPE, exposition
from supportdesk.ops.metrics_access import may_read_metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        checks["database"] = f"error: {type(exc).__name__}"
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)

    age = heartbeat_age(WORKER)
    limit = settings.SUPPORTDESK_WORKER_HEARTBEAT_MAX_AGE
    if age is None:
        checks["worker"] = "no heartbeat yet"
    elif age.total_seconds() > limit:
        checks["worker"] = f"stale: last beat {int(age.total_seconds())} s ago (limit {limit} s)"
    else:
        checks["worker"] = "ok"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; see `metrics_access` for who may read it."""
    if not may_read_metrics(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE)

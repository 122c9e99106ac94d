"""Rate limit and lock-out around Django's own login views (workspace and admin)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from supportdesk.accounts import throttling

logger = logging.getLogger(__name__)


def throttled_login(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        username = request.POST.get("username", "")
        if throttling.hit_address_limit(
            request, throttling.login_per_address()
        ) or throttling.account_locked(request, username):
            logger.warning("agent login refused by rate limit or lock-out")
            return HttpResponse(
                throttling.too_many_attempts_message(),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        response = view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            throttling.record_login_failure(request, username)
            logger.info("agent login failed")
        return response

    return wrapper

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from supportdesk.accounts import throttling
from supportdesk.accounts.client_address import client_address

logger = logging.getLogger(__name__)


def too_many_attempts(request: HttpRequest, template: str, form: object = None) -> HttpResponse:
    logger.warning("rate limit hit on %s from %s", request.path, client_address(request))
    context = {"form": form, "error": throttling.too_many_attempts_message()}
    return render(request, template, context, status=429)


def throttled_password_reset(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and throttling.hit_address_limit(
            request, throttling.password_reset_per_address()
        ):
            return too_many_attempts(request, "portal/password_reset.html")
        return view(request, *args, **kwargs)

    return wrapper

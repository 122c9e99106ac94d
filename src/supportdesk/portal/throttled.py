from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from supportdesk.accounts import throttling


def throttled_password_reset(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and throttling.hit_address_limit(
            request, throttling.password_reset_per_address()
        ):
            message = _("Too many attempts. Please wait a few minutes and try again.")
            response: HttpResponse = render(
                request, "portal/password_reset.html", {"error": message}, status=429
            )
            return response
        return view(request, *args, **kwargs)

    return wrapper

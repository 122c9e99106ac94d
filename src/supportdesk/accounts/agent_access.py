"""Only agents reach the desk's pages: anonymous users are sent to log in, customers get 404.

Lives here, under every page app, so the workspace and the reports share one rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse

from supportdesk.accounts.models import User

View = Callable[..., HttpResponseBase]


def agent_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("workspace:login"))
        if not isinstance(user, User) or not user.is_agent:
            # A customer learns nothing about the desk, not even that it exists.
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def request_agent(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user

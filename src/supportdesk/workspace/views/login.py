"""The agents' sign-in page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseBase


class AgentLoginView(auth_views.LoginView):
    template_name = "workspace/login.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Only agents are sent on to the desk; a signed-in customer would find nothing there
        # (the desk answers them 404), so they get the form to sign in as an agent instead.
        self.redirect_authenticated_user = bool(getattr(request.user, "is_agent", False))
        return super().dispatch(request, *args, **kwargs)

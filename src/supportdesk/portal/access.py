"""Portal pages need a signed-in customer with a confirmed contact."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from supportdesk.customers.models import Contact
from supportdesk.customers.selectors import contact_for_user

View = Callable[..., HttpResponseBase]


class CustomerRequest(HttpRequest):
    contact: Contact


def customer_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        contact = contact_for_user(user_id=request.user.pk)
        if contact is None:
            return render(request, "portal/no_contact.html", status=403)
        request.contact = contact  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper

"""Customer accounts: register, confirm, log in and out. Messages never reveal whether an
address is registered; attempts are rate-limited per address and failed logins per account."""

from __future__ import annotations

import logging

from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from supportdesk.accounts import throttling
from supportdesk.accounts.actions.registration import check_register_customer, do_confirm_email
from supportdesk.portal.forms import LoginForm, RegistrationForm
from supportdesk.portal.throttled import too_many_attempts

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if throttling.hit_address_limit(request, throttling.registration_per_address()):
            return too_many_attempts(request, "portal/register.html", form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                check_register_customer(
                    email=data["email"],
                    password=data["password"],
                    name=data["name"],
                    language=translation.get_language() or "ru",
                    confirm_url=lambda uid, token: request.build_absolute_uri(
                        reverse("portal:confirm", args=[uid, token])
                    ),
                )
            except ValidationError as exc:
                form.add_error("password", exc)
            else:
                return redirect("portal:register_done")
    return render(request, "portal/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/register_done.html")


def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = do_confirm_email(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "portal/confirm_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("portal:requests")


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        if throttling.hit_address_limit(request, throttling.login_per_address()):
            return too_many_attempts(request, "portal/login.html", form)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if throttling.account_locked(request, email):
                logger.warning("login refused: account locked after failures")
                return too_many_attempts(request, "portal/login.html", form)
            user = authenticate(request, username=email, password=form.cleaned_data["password"])
            if user is not None:
                login(request, user)
                target = request.GET.get("next", "")
                if not url_has_allowed_host_and_scheme(
                    target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    target = reverse("portal:requests")
                return redirect(target)
            throttling.record_login_failure(request, email)
            logger.info("portal login failed")
        form.add_error(None, _("Wrong email or password, or the email is not confirmed yet."))
    return render(request, "portal/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")

"""Customer accounts: register, confirm, log in and out. Messages never reveal whether an
address is registered; attempts are rate-limited per address and failed logins per account."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from supportdesk.accounts import throttling
from supportdesk.accounts.actions.registration import (
    LinkBuilder,
    RegistrationLinks,
    check_register_customer,
    do_confirm_email,
    do_finish_registration,
)
from supportdesk.accounts.models import User
from supportdesk.accounts.tokens import email_confirmation_token
from supportdesk.portal.forms import LoginForm, RegistrationForm
from supportdesk.portal.throttled import too_many_attempts

logger = logging.getLogger(__name__)


def _absolute_link(request: HttpRequest, view_name: str) -> LinkBuilder:
    return lambda uid, token: request.build_absolute_uri(reverse(view_name, args=[uid, token]))


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST if request.method == "POST" else None)
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
                    links=RegistrationLinks(
                        confirm=_absolute_link(request, "portal:confirm"),
                        choose_password=_absolute_link(request, "portal:finish_registration"),
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


class FinishRegistrationView(PasswordResetConfirmView):
    """The renewed link of a repeated registration: confirms the email with a password the
    mailbox's owner chooses here (Django's reset page keeps the token out of the Referer)."""

    template_name = "portal/finish_registration.html"
    token_generator = email_confirmation_token

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        return user if isinstance(user, User) and user.awaiting_confirmation else None

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        user = do_finish_registration(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        if user is None:
            return render(self.request, "portal/confirm_invalid.html", status=400)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:requests")


class CustomerPasswordResetConfirmView(PasswordResetConfirmView):
    """The portal sets new passwords of portal customers only, whatever link reaches it."""

    template_name = "portal/password_reset_confirm.html"

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        return user if isinstance(user, User) and user.is_portal_customer else None


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
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

"""Customer self-registration with email confirmation. Every outcome looks the same to the
person registering, so the form never reveals whether an address already has an account."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.accounts.tasks import send_account_email
from supportdesk.accounts.tokens import email_confirmation_token, uid_for
from supportdesk.customers.actions.portal_accounts import do_link_portal_account

logger = logging.getLogger(__name__)

ConfirmUrl = Callable[[str, str], str]


def _send(user: User, template: str, subject: str, context: dict[str, object]) -> None:
    text = render_to_string(f"accounts/email/{template}.txt", {"user": user, **context})
    transaction.on_commit(lambda: send_account_email.enqueue(user.email, subject, text))


def check_register_customer(
    *, email: str, password: str, name: str, language: str, confirm_url: ConfirmUrl
) -> None:
    """Raises ValidationError for a weak password; otherwise always 'check your mail'."""
    email = email.strip().lower()
    candidate = User(username=email, email=email, first_name=name)
    validate_password(password, user=candidate)
    do_register_customer(
        email=email, password=password, name=name, language=language, confirm_url=confirm_url
    )


@transaction.atomic
def do_register_customer(
    *, email: str, password: str, name: str, language: str, confirm_url: ConfirmUrl
) -> None:
    existing = User.objects.filter(email__iexact=email).first()
    with translation.override(language):
        if existing is not None and existing.is_active:
            logger.info("registration for an existing account (user %s)", existing.pk)
            _send(existing, "already_registered", _("Your SupportDesk account"), {})
            return
        if existing is not None:
            user = existing
            user.set_password(password)
            user.first_name = name[:150]
            user.save(update_fields=["password", "first_name"])
        else:
            user = User.objects.create_user(
                username=email,
                email=email,
                password=password,
                first_name=name[:150],
                is_active=False,
            )
        link = confirm_url(uid_for(user), email_confirmation_token.make_token(user))
        _send(user, "confirm_email", _("Confirm your email for SupportDesk"), {"link": link})
    logger.info("registration: confirmation sent to user %s", user.pk)


@transaction.atomic
def do_confirm_email(*, uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if user.is_active or not email_confirmation_token.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    do_link_portal_account(user=user)
    logger.info("registration: user %s confirmed", user.pk)
    return user

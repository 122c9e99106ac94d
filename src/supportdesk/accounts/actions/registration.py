"""Customer self-registration with email confirmation. Every outcome looks the same to the
person registering, so the form never reveals whether an address already has an account.

A registration is finished only by someone who reads the address's mailbox, and only with a
password that person chose: the first registration's link activates the password given with
it; registering again voids that password and every earlier link (links are bound to the
password hash) and mails a link on which the mailbox's owner chooses the password. Keeping
any password from a repeated registration would let whoever registers an address first or
last hold the account the owner then confirms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
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

LinkBuilder = Callable[[str, str], str]


@dataclass(frozen=True)
class RegistrationLinks:
    """Turn (uid, token) into the absolute links that are mailed."""

    confirm: LinkBuilder
    choose_password: LinkBuilder


def _send(user: User, template: str, subject: str, context: dict[str, object]) -> None:
    text = render_to_string(f"accounts/email/{template}.txt", {"user": user, **context})
    transaction.on_commit(lambda: send_account_email.enqueue(user.email, subject, text))


def check_register_customer(
    *, email: str, password: str, name: str, language: str, links: RegistrationLinks
) -> None:
    """Raises ValidationError for a weak password; otherwise always 'check your mail'."""
    email = email.strip().lower()
    candidate = User(username=email, email=email, first_name=name)
    validate_password(password, user=candidate)
    do_register_customer(email=email, password=password, name=name, language=language, links=links)


@transaction.atomic
def do_register_customer(
    *, email: str, password: str, name: str, language: str, links: RegistrationLinks
) -> None:
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    with translation.override(language):
        if existing is None:
            user = User.objects.create_user(
                username=email,
                email=email,
                password=password,
                first_name=name[:150],
                is_active=False,
            )
            link = links.confirm(uid_for(user), email_confirmation_token.make_token(user))
            _send(user, "confirm_email", _("Confirm your email for SupportDesk"), {"link": link})
            logger.info("registration: confirmation sent to user %s", user.pk)
            return
        # Hashed and thrown away so every branch costs what creating an account costs:
        # the response time must not tell a known address from a new one.
        make_password(password)
        if existing.awaiting_confirmation:
            # Neither password can be trusted now; the name stays the first registration's.
            existing.set_unusable_password()
            existing.save(update_fields=["password"])
            token = email_confirmation_token.make_token(existing)
            link = links.choose_password(uid_for(existing), token)
            _send(
                existing,
                "registration_repeated",
                _("Confirm your email for SupportDesk"),
                {"link": link},
            )
            logger.info("registration repeated for pending user %s: links renewed", existing.pk)
        elif existing.is_active:
            logger.info("registration for an existing account (user %s)", existing.pk)
            _send(existing, "already_registered", _("Your SupportDesk account"), {})
        else:
            # Deactivated by an administrator (or a staff account): registering is no way back.
            logger.warning("registration for deactivated user %s refused", existing.pk)


def _activate(user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active", "password"])
    do_link_portal_account(user=user)


@transaction.atomic
def do_confirm_email(*, uidb64: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = User.objects.select_for_update().get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not user.awaiting_confirmation or not user.has_usable_password():
        return None
    if not email_confirmation_token.check_token(user, token):
        return None
    _activate(user)
    logger.info("registration: user %s confirmed", user.pk)
    return user


@transaction.atomic
def do_finish_registration(*, user: User, password: str) -> User | None:
    """Confirms the email from a renewed link with the password chosen on it.

    The caller checked the link's token; the row is re-read under lock so two tabs cannot
    both finish it.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.awaiting_confirmation or locked.password != user.password:
        return None
    locked.set_password(password)
    _activate(locked)
    logger.info("registration: user %s confirmed with a chosen password", locked.pk)
    return locked

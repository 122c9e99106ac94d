"""Signed, expiring email-confirmation links (Django's password-reset token machinery)."""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from supportdesk.accounts.models import User


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "supportdesk.accounts.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # Confirming activates the account, which changes is_active: the link works once.
        # The password hash binds a link to the password it was sent with: when the
        # password changes (a repeated registration voids it), every earlier link dies.
        return f"{user.pk}{user.is_active}{user.email}{user.password}{user.last_login}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


def uid_for(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))

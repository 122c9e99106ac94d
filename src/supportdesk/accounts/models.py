from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: an agent (staff) or a portal customer; or an integration's
    service account, which acts through the API and never signs in."""

    is_service_account = models.BooleanField(
        _("integration service account"),
        default=False,
        editable=False,
        help_text=_("Acts for an integration token; never signs in and is never assigned."),
    )

    @property
    def is_agent(self) -> bool:
        return self.is_active and self.is_staff

    @property
    def is_assignable(self) -> bool:
        """An agent a ticket can be given to: a person, not an integration."""
        return self.is_agent and not self.is_service_account

    @property
    def is_portal_customer(self) -> bool:
        return not self.is_staff and not self.is_superuser

    @property
    def awaiting_confirmation(self) -> bool:
        """A portal registration whose email was never confirmed.

        Confirming logs the customer in, so an inactive account that has logged in was
        deactivated by an administrator, and staff never register: neither may be
        (re)activated by a confirmation link.
        """
        return not self.is_active and self.last_login is None and self.is_portal_customer

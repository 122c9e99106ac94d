from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in: an agent (staff) or, later, a portal customer."""

    @property
    def is_agent(self) -> bool:
        return self.is_active and self.is_staff

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

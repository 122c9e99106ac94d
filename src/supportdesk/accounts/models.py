from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in: an agent (staff) or, later, a portal customer."""

    @property
    def is_agent(self) -> bool:
        return self.is_active and self.is_staff

"""Reads of accounts shared by the desk's pages and the admin."""

from __future__ import annotations

from django.db.models import QuerySet

from supportdesk.accounts.models import User


def agent_list() -> QuerySet[User]:
    """The agents tickets can be given to, or tokens act as (integrations' service accounts are
    not people): `User.is_assignable` as a query."""
    return User.objects.filter(is_staff=True, is_active=True, is_service_account=False).order_by(
        "first_name", "username"
    )

from supportdesk.accounts.models import User
from supportdesk.tickets.errors import PermissionDenied


def check_is_agent(user: User) -> None:
    if not user.is_authenticated or not user.is_agent:
        raise PermissionDenied("Only agents can do this")

from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """The action is not possible in the ticket's current state; the message says why."""


__all__ = ["ActionRefused", "PermissionDenied"]

"""The queue's named views and filters, as agents pick them in the sidebar (and the API's
`view=` takes)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class QueueView:
    key: str
    label: Promise


QUEUE_VIEWS = (
    QueueView("mine", _("Mine")),
    QueueView("unassigned", _("Unassigned")),
    QueueView("due_soon", _("Due soon")),
    QueueView("breached", _("Breached")),
    QueueView("critical_claims", _("Critical claims")),
    QueueView("waiting", _("Waiting on customer")),
    QueueView("no_organisation", _("No organisation")),
    QueueView("all", _("All")),
)
QUEUE_VIEW_KEYS = {view.key for view in QUEUE_VIEWS}
DEFAULT_VIEW = "due_soon"


@dataclass(frozen=True)
class QueueFilters:
    channel: str = ""
    plan: str = ""
    edition: str = ""
    organisation: int | None = None
    status: str = ""
    assignee: int | None = None
    query: str = ""

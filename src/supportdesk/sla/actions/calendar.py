"""Calendar corrections: saving or deleting one recomputes every open deadline."""

from __future__ import annotations

from django.db import transaction

from supportdesk.sla.calendars import forget_desk_calendar
from supportdesk.sla.models import CalendarOverride


def _recompute_on_commit() -> None:
    from supportdesk.sla.tasks import recompute_open_clocks

    forget_desk_calendar()
    transaction.on_commit(lambda: recompute_open_clocks.enqueue())


@transaction.atomic
def do_save_calendar_override(*, override: CalendarOverride) -> CalendarOverride:
    override.full_clean()
    override.save()
    _recompute_on_commit()
    return override


@transaction.atomic
def do_delete_calendar_override(*, override: CalendarOverride) -> None:
    override.delete()
    _recompute_on_commit()

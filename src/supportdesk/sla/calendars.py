"""The desk's working calendar: the RU production calendar plus the administrator's corrections."""

from __future__ import annotations

from django.db.models import Count, Max

from supportdesk.businesstime import DayOverride, WorkingCalendar, russian_calendar
from supportdesk.sla.models import CalendarOverride

_cache: dict[object, WorkingCalendar] = {}


def desk_calendar() -> WorkingCalendar:
    """Rebuilt only when the corrections change; every process sees a change on its next call."""
    version = CalendarOverride.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    key = (version["n"], version["latest"])
    calendar = _cache.get(key)
    if calendar is None:
        overrides = [
            DayOverride(o.day, working=o.working, opens=o.opens, closes=o.closes, reason=o.reason)
            for o in CalendarOverride.objects.all()
        ]
        calendar = russian_calendar(overrides=overrides)
        _cache.clear()
        _cache[key] = calendar
    return calendar

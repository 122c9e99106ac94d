import pytest
from django.core.exceptions import ValidationError

from supportdesk.sla.actions.calendar import (
    do_delete_calendar_override,
    do_save_calendar_override,
)
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.models import CalendarOverride, SlaClock
from tests.sla.conftest import msk

pytestmark = pytest.mark.django_db


def test_a_new_day_off_recomputes_open_deadlines(open_ticket, django_capture_on_commit_callbacks):
    ticket = open_ticket(at=msk(2026, 3, 2, 11))  # due Tue 3 March 18:00
    assert SlaClock.objects.get(ticket=ticket).due_at == msk(2026, 3, 3, 18)

    with django_capture_on_commit_callbacks(execute=True):
        override = do_save_calendar_override(
            override=CalendarOverride(day=msk(2026, 3, 3, 0).date(), working=False, reason="Указ")
        )
    assert not desk_calendar().is_open(msk(2026, 3, 3, 12))
    assert SlaClock.objects.get(ticket=ticket).due_at == msk(2026, 3, 4, 18)

    with django_capture_on_commit_callbacks(execute=True):
        do_delete_calendar_override(override=override)
    assert SlaClock.objects.get(ticket=ticket).due_at == msk(2026, 3, 3, 18)


def test_extra_working_saturday_with_its_own_hours():
    do_save_calendar_override(
        override=CalendarOverride(
            day=msk(2026, 3, 14, 0).date(),
            working=True,
            opens=msk(2026, 3, 14, 12).time(),
            closes=msk(2026, 3, 14, 16).time(),
            reason="релиз",
        )
    )
    calendar = desk_calendar()
    assert calendar.is_open(msk(2026, 3, 14, 13))
    assert not calendar.is_open(msk(2026, 3, 14, 17))


def test_a_day_off_with_hours_is_refused():
    with pytest.raises(ValidationError):
        do_save_calendar_override(
            override=CalendarOverride(
                day=msk(2026, 3, 3, 0).date(),
                working=False,
                opens=msk(2026, 3, 3, 12).time(),
                closes=msk(2026, 3, 3, 13).time(),
                reason="x",
            )
        )
    assert not CalendarOverride.objects.exists()


def test_a_process_trusts_its_calendar_briefly_then_sees_a_correction_made_elsewhere(
    monkeypatch, django_assert_num_queries
):
    from supportdesk.sla import calendars

    clock = [1000.0]
    monkeypatch.setattr(calendars.time, "monotonic", lambda: clock[0])
    assert desk_calendar().is_open(msk(2026, 3, 3, 12))
    # Another process saves a day off (straight to the database, not through this one).
    CalendarOverride.objects.create(day=msk(2026, 3, 3, 0).date(), working=False, reason="Указ")

    clock[0] += calendars.RECHECK_SECONDS / 2
    with django_assert_num_queries(0):
        assert desk_calendar().is_open(msk(2026, 3, 3, 12))  # still trusted
    assert not desk_calendar(fresh=True).is_open(msk(2026, 3, 3, 12))

    CalendarOverride.objects.all().delete()
    clock[0] += calendars.RECHECK_SECONDS
    assert desk_calendar().is_open(msk(2026, 3, 3, 12))

"""The period a report covers: a week, a month or a custom range of Moscow calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from supportdesk.businesstime import MOSCOW

# A custom range longer than this is refused: the report reads every clock of the period.
MAX_DAYS = 366


class PeriodKind:
    WEEK = "week"
    MONTH = "month"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    """Whole Moscow days from `first_day` to `last_day`, both included."""

    kind: str
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), tzinfo=ZoneInfo(MOSCOW))

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=ZoneInfo(MOSCOW))

    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=i) for i in range(count)]


def last_month(today: date) -> Period:
    last_day = today.replace(day=1) - timedelta(days=1)
    return Period(PeriodKind.MONTH, last_day.replace(day=1), last_day)


def last_week(today: date) -> Period:
    """The last whole Monday-to-Sunday week before `today`."""
    monday = today - timedelta(days=today.weekday() + 7)
    return Period(PeriodKind.WEEK, monday, monday + timedelta(days=6))


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            (PeriodKind.MONTH, _("Last month")),
            (PeriodKind.WEEK, _("Last week")),
            (PeriodKind.CUSTOM, _("Dates")),
        ],
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("period") != PeriodKind.CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            raise forms.ValidationError(_("Give both dates of the period."))
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(
                _("A period can be at most %(days)d days long.") % {"days": MAX_DAYS}
            )
        return data

    def chosen_period(self, today: date) -> Period:
        """The chosen period; last month when nothing (or nothing valid) was chosen."""
        if not self.is_valid():
            return last_month(today)
        data = self.cleaned_data
        if data.get("period") == PeriodKind.WEEK:
            return last_week(today)
        if data.get("period") == PeriodKind.CUSTOM:
            return Period(PeriodKind.CUSTOM, data["start"], data["end"])
        return last_month(today)

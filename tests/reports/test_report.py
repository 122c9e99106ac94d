"""Every figure of the report, on a history built by hand and computed by hand.

November 2026 in Moscow business time (11:00–20:00): the 1st is a Sunday; Wednesday the 4th is
a holiday (National Unity Day); a calendar correction makes Friday the 13th a day off too.
`now` is Tuesday 1 December, 12:00. Working days of November: 2, 3, 5, 6, 9–12, 16–20, 23–27, 30.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from supportdesk.customers.models import Edition, Plan
from supportdesk.reports.periods import Period, PeriodKind
from supportdesk.reports.report import SlaReport, sla_report
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.models import CalendarOverride, ClockState, Target
from tests.accounts.factories import AgentFactory
from tests.customers.factories import ContactFactory, OrganisationFactory
from tests.reports.factories import SlaClockFactory
from tests.sla.factories import AgreementFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db

H = 3600
NOVEMBER = Period(PeriodKind.CUSTOM, date(2026, 11, 1), date(2026, 11, 30))


def msk(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ZoneInfo("Europe/Moscow"))


NOW = msk(1, 12, month=12)


def _ticket(number, organisation, created, *, channel="email", agent=None, kind="", **fields):
    return TicketFactory(
        number=number,
        subject=fields.pop("subject", f"Problem {number}"),
        requester=ContactFactory(organisation=organisation),
        organisation=organisation,
        channel=channel,
        assignee=agent,
        problem_kind=kind,
        created_at=created,
        last_activity_at=created,
        **fields,
    )


@pytest.fixture
def history() -> None:
    CalendarOverride.objects.create(day=date(2026, 11, 13), working=False, reason="Постановление")
    calendar = desk_calendar(fresh=True)
    assert calendar.hours_on(date(2026, 11, 4)) is None  # the holiday
    assert calendar.hours_on(date(2026, 11, 13)) is None  # the correction

    anna = AgentFactory(first_name="Анна", last_name="Смирнова")
    boris = AgentFactory(first_name="Борис", last_name="Орлов")
    promstroy = OrganisationFactory(
        name="Промстрой", edition=Edition.ENTERPRISE, plan=Plan.ENTERPRISE
    )
    romashka = OrganisationFactory(name="Ромашка", edition=Edition.CLOUD, plan=Plan.TEAM)
    zarya = OrganisationFactory(name="Заря", edition=Edition.ENTERPRISE, plan=Plan.ENTERPRISE)
    agreement = AgreementFactory.create(organisation=zarya)
    free = OrganisationFactory(name="Частный", edition=Edition.CLOUD, plan=Plan.FREE)
    enterprise, team = "plan:enterprise", "plan:team"
    by_agreement = f"agreement:{agreement.pk} Договор №42-SLA"

    # #100, opened in October: only the backlog sees it (open on 1 November, resolved on the 3rd).
    t0 = _ticket(100, romashka, msk(30, 12, month=10), resolved_at=msk(3, 12), status="resolved")
    SlaClockFactory(ticket=t0, policy=team, target_seconds=45 * H, state=ClockState.STOPPED,
                    stopped_at=msk(2, 12), met=True)  # fmt: skip

    # #101: written at 10:00, before opening; answered Tue 3rd 15:00, resolved Thu 5th 13:00.
    t1 = _ticket(101, promstroy, msk(2, 10), agent=anna, kind="server_error",
                 first_response_at=msk(3, 15), resolved_at=msk(5, 13), status="resolved")  # fmt: skip
    SlaClockFactory(ticket=t1, policy=enterprise, state=ClockState.STOPPED, stopped_at=msk(3, 15),
                    due_at=msk(3, 18), met=True)  # fmt: skip

    # #102, critical: answered in 2 h; the fix clock paused Wed 11th 11:00 to Thu 12th 16:00
    # (9 + 5 = 14 business hours, as the desk added them up on resuming), resolved Mon 16th 15:00.
    t2 = _ticket(102, promstroy, msk(10, 12), channel="portal", agent=boris, kind="user_facing_error",
                 severity="critical", resolved_at=msk(16, 15), status="resolved")  # fmt: skip
    SlaClockFactory(ticket=t2, policy=enterprise, state=ClockState.STOPPED, stopped_at=msk(10, 14),
                    met=True)  # fmt: skip
    SlaClockFactory(ticket=t2, target=Target.CRITICAL_FIX, policy=enterprise, target_seconds=135 * H,
                    state=ClockState.STOPPED, paused_seconds=14 * H, stopped_at=msk(16, 15),
                    met=True)  # fmt: skip

    # #103: nobody answered; due after 45 h (18th–20th, 23rd, 24th: Tue 24th 20:00), running.
    t3 = _ticket(103, romashka, msk(18, 11), channel="telegram", kind="question")
    SlaClockFactory(ticket=t3, policy=team, target_seconds=45 * H, state=ClockState.RUNNING,
                    due_at=msk(24, 20), breached_at=msk(24, 20))  # fmt: skip

    # #104, critical: answered in 2 h; the fix clock paused (waiting on the customer) since
    # Wed 25th 11:00, well within its 270 h.
    t4 = _ticket(104, romashka, msk(23, 11), channel="chat", agent=anna, kind="user_facing_error",
                 severity="critical", status="waiting")  # fmt: skip
    SlaClockFactory(ticket=t4, policy=team, target_seconds=45 * H, state=ClockState.STOPPED,
                    stopped_at=msk(23, 13), met=True)  # fmt: skip
    SlaClockFactory(ticket=t4, target=Target.CRITICAL_FIX, policy=team, target_seconds=270 * H,
                    state=ClockState.PAUSED, paused_at=msk(25, 11),
                    due_at=calendar.deadline(msk(23, 11), timedelta(hours=270)))  # fmt: skip

    # #105, under Zarya's agreement (4 h to answer, 27 h to fix): answered in 1 h; the fix was
    # due Fri 27th 20:00, breached, then the ticket went to the customer Mon 30th 15:00 (paused).
    t5 = _ticket(105, zarya, msk(25, 11), agent=boris, kind="other", severity="critical",
                 status="waiting")  # fmt: skip
    SlaClockFactory(ticket=t5, policy=by_agreement, target_seconds=4 * H, state=ClockState.STOPPED,
                    stopped_at=msk(25, 12), met=True)  # fmt: skip
    SlaClockFactory(ticket=t5, target=Target.CRITICAL_FIX, policy=by_agreement,
                    target_seconds=27 * H, state=ClockState.PAUSED, paused_at=msk(30, 15),
                    due_at=msk(27, 20), breached_at=msk(27, 20))  # fmt: skip

    # #106: due Fri 27th 18:00, answered late on Mon 30th 12:00, resolved the same day 14:00.
    t6 = _ticket(106, promstroy, msk(26, 11), agent=anna, kind="server_error",
                 subject="=HYPERLINK(\"http://evil.example\")", first_response_at=msk(30, 12),
                 resolved_at=msk(30, 14), status="resolved")  # fmt: skip
    SlaClockFactory(ticket=t6, policy=enterprise, state=ClockState.STOPPED, stopped_at=msk(30, 12),
                    due_at=msk(27, 18), met=False, breached_at=msk(27, 18))  # fmt: skip

    # #107: a free customer, no SLA; opened Mon 30th 19:00 Moscow (16:00 UTC), still open.
    _ticket(107, free, msk(30, 19), channel="portal")


@pytest.fixture
def report(history: None) -> SlaReport:
    with translation.override("en"):
        return sla_report(period=NOVEMBER, now=NOW)


def cells(report: SlaReport, key: str) -> list[list[object]]:
    return [list(row.cells) for row in report.table(key).rows]


def test_compliance_counts_each_clock_started_in_the_period_once(report):
    # First response: met #101, #102, #104, #105; breached #103 (running past due), #106 (late).
    # Critical fix: met #102; breached #105; running #104. #100 started in October: not counted.
    assert cells(report, "compliance") == [["All", 4, 2, 0, round(100 * 4 / 6, 1), 1, 1, 1, 50.0]]


def test_compliance_by_plan_organisation_agent_and_channel(report):
    # Ties in breaches are ordered by name.
    assert cells(report, "compliance_plan") == [
        # #105 under its agreement: answered in time, fix breached.
        ["Agreement Договор №42-SLA", 1, 0, 0, 100.0, 0, 1, 0, 0.0],
        # #101, #102 met, #106 breached; #102's fix met.
        ["Enterprise plan", 2, 1, 0, 66.7, 1, 0, 0, 100.0],
        # #104 met, #103 breached; #104's fix running.
        ["Team plan", 1, 1, 0, 50.0, 0, 0, 1, None],
    ]
    assert cells(report, "compliance_organisation") == [
        ["Заря", 1, 0, 0, 100.0, 0, 1, 0, 0.0],
        ["Промстрой", 2, 1, 0, 66.7, 1, 0, 0, 100.0],
        ["Ромашка", 1, 1, 0, 50.0, 0, 0, 1, None],
    ]
    assert cells(report, "compliance_agent") == [
        ["Unassigned", 0, 1, 0, 0.0, 0, 0, 0, None],  # #103
        ["Анна Смирнова", 2, 1, 0, 66.7, 0, 0, 1, None],  # #101, #104 / #106; fix of #104
        ["Борис Орлов", 2, 0, 0, 100.0, 1, 1, 0, 50.0],  # #102, #105; fixes of #102, #105
    ]
    assert cells(report, "compliance_channel") == [
        ["Email", 2, 1, 0, 66.7, 0, 1, 0, 0.0],  # #101, #105 / #106; fix of #105
        ["Telegram", 0, 1, 0, 0.0, 0, 0, 0, None],  # #103
        ["Chat widget", 1, 0, 0, 100.0, 0, 0, 1, None],  # #104
        ["Portal", 1, 0, 0, 100.0, 1, 0, 0, 100.0],  # #102
    ]


def test_times_are_business_hours_with_pauses_and_the_correction_left_out(report):
    # First response, business hours counted by each stopped clock:
    #   #101: Mon 2nd 11–20 (9) + Tue 3rd 11–15 (4) = 13 (written at 10:00, counted from 11:00)
    #   #102: 12–14 = 2;  #104: 11–13 = 2;  #105: 11–12 = 1
    #   #106: Thu 26th 9 + Fri 27th 9 + Mon 30th 11–12 (1) = 19
    # Sorted 1, 2, 2, 13, 19: median 2; 90th percentile at 0.9 × 4 = 3.6: 13 + 0.6 × (19 − 13) = 16.6
    # Critical fix, #102 alone: Tue 10th 12–20 (8) + 11th (9) + 12th (9) + Fri 13th (0, the
    #   correction) + Mon 16th 11–15 (4) = 30, less 14 paused = 16
    # Resolution from opening (tickets opened in November and resolved):
    #   #101: 2nd 9 + 3rd 9 + 4th 0 (holiday) + 5th 11–13 (2) = 20
    #   #102: 30 (as above, pauses included: the customer's wait)
    #   #106: 26th 9 + 27th 9 + 30th 11–14 (3) = 21
    #   Sorted 20, 21, 30: median 21; 90th percentile at 0.9 × 2 = 1.8: 21 + 0.8 × (30 − 21) = 28.2
    rows = cells(report, "times")
    assert rows[0] == ["First response", 5, 2.0, pytest.approx(16.6)]
    assert rows[1] == ["Critical fix (paused time excluded)", 1, 16.0, 16.0]
    assert rows[2] == ["Resolution, from opening", 3, 21.0, pytest.approx(28.2)]


def test_volume_by_channel_and_kind_of_problem(report):
    # Opened in November: #101–#107 (seven; #107 at 19:00 Moscow on the 30th still counts).
    assert cells(report, "volume_channel") == [
        ["Email", 3],  # 101, 105, 106
        ["Portal", 2],  # 102, 107
        ["Chat widget", 1],
        ["Telegram", 1],
    ]
    assert cells(report, "volume_kind") == [
        ["The server or installation fails", 2],  # 101, 106
        ["Users see an error in the application", 2],  # 102, 104
        ["A question or a request", 1],
        ["Another fault", 1],
        ["Not given", 1],  # 107
    ]


def test_backlog_counts_open_tickets_at_the_end_of_each_day(report):
    # Open on 1 November: #100. Then +101 on the 2nd, −100 on the 3rd, −101 on the 5th,
    # +102 on the 10th, −102 on the 16th, +103 on the 18th, +104 on the 23rd, +105 on the 25th,
    # +106 on the 26th, and on the 30th −106 (resolved) +107 (opened).
    expected = {1: 1, 2: 2, 3: 1, 4: 1}
    expected |= {d: 0 for d in range(5, 10)} | {d: 1 for d in range(10, 16)}
    expected |= {16: 0, 17: 0} | {d: 1 for d in range(18, 23)} | {23: 2, 24: 2, 25: 3}
    expected |= {d: 4 for d in range(26, 31)}
    assert cells(report, "backlog") == [
        [date(2026, 11, d).isoformat(), n] for d, n in sorted(expected.items())
    ]


def test_breached_tickets_show_why_and_by_how_much(report):
    # #103: 18th–20th, 23rd–27th, 30th = 9 days × 9 = 81, + Tue 1 Dec 11–12 = 82; target 45: 37 over.
    # #105: 25th–27th (27) + Mon 30th 11–15 (4) = 31 until the pause; target 27: 4 over.
    # #106: 19 (as above); target 16: 3 over.
    table = report.table("breached")
    assert [row.cells for row in table.rows] == [
        ["#103", "Problem 103", "Ромашка", "First response", "Unassigned", "Waiting on us",
         82.0, 0.0, 37.0],
        ["#105", "Problem 105", "Заря", "Critical fix", "Борис Орлов",
         "Paused: waiting on the customer", 31.0, 0.0, 4.0],
        ["#106", '=HYPERLINK("http://evil.example")', "Промстрой", "First response",
         "Анна Смирнова", "Stopped after the due time", 19.0, 0.0, 3.0],
    ]  # fmt: skip
    assert [row.link for row in table.rows] == [
        "/desk/tickets/103/",
        "/desk/tickets/105/",
        "/desk/tickets/106/",
    ]

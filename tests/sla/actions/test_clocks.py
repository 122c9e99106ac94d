from datetime import timedelta

import pytest
import time_machine

from supportdesk.businesstime import default_calendar
from supportdesk.customers.models import Plan
from supportdesk.sla.models import ClockState, SlaClock, Target
from supportdesk.tickets.actions.replies import do_add_internal_note, do_send_public_reply
from supportdesk.tickets.actions.severity import do_confirm_critical, do_reject_critical
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import EventKind, Status
from tests.customers.factories import OrganisationFactory
from tests.sla.conftest import msk
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db

CAL = default_calendar()


def _clock(ticket, target=Target.RESPONSE) -> SlaClock:
    return SlaClock.objects.get(ticket=ticket, target=target)


def test_enterprise_response_clock_over_new_year_holidays(open_ticket):
    ticket = open_ticket(at=msk(2025, 12, 30, 15))
    clock = _clock(ticket)
    assert clock.policy == "plan:enterprise"
    assert clock.target_seconds == 16 * 3600
    assert clock.due_at == msk(2026, 1, 13, 13)
    event = ticket.events.get(kind=EventKind.SLA_STARTED)
    assert event.data["due_at"] == "2026-01-13T13:00:00+03:00"


def test_team_response_is_five_business_days_from_the_next_opening(open_ticket):
    org = OrganisationFactory(plan=Plan.TEAM)
    # Friday evening: the clock starts Monday 11:00 and runs 45 business hours.
    ticket = open_ticket(organisation=org, at=msk(2026, 3, 13, 21, 30))
    assert _clock(ticket).due_at == msk(2026, 3, 20, 20)


def test_free_plan_ticket_has_no_clock(open_ticket):
    ticket = open_ticket(organisation=OrganisationFactory(plan=Plan.FREE))
    assert not SlaClock.objects.filter(ticket=ticket).exists()


def test_first_human_public_reply_stops_the_response_clock_in_time(open_ticket, agent):
    ticket = open_ticket(at=msk(2026, 3, 2, 12))
    with time_machine.travel(msk(2026, 3, 2, 15), tick=False):
        do_add_internal_note(ticket=ticket, agent=agent, body="смотрю")
        assert _clock(ticket).state == ClockState.RUNNING
        do_send_public_reply(ticket=ticket, agent=agent, body="Здравствуйте")

    clock = _clock(ticket)
    assert (clock.state, clock.met, clock.stopped_at) == (
        ClockState.STOPPED,
        True,
        msk(2026, 3, 2, 15),
    )
    assert ticket.events.get(kind=EventKind.SLA_STOPPED).data == {"target": "response", "met": True}


def test_late_reply_stops_the_clock_as_breached_and_records_the_breach(open_ticket, agent):
    ticket = open_ticket(at=msk(2026, 3, 2, 12))
    with time_machine.travel(msk(2026, 3, 10, 12), tick=False):
        do_send_public_reply(ticket=ticket, agent=agent, body="Извините за задержку")
    clock = _clock(ticket)
    assert clock.met is False
    assert clock.breached_at is not None
    assert ticket.events.filter(kind=EventKind.SLA_BREACHED).count() == 1


def test_policy_is_snapshotted_when_the_clock_starts(open_ticket):
    org = OrganisationFactory(plan=Plan.TEAM)
    ticket = open_ticket(organisation=org, at=msk(2026, 3, 2, 12))
    org.plan = Plan.ENTERPRISE
    org.save()
    receive(
        inbound_email(sender=ticket.requester and _sender_of(ticket), ticket_number=ticket.number)
    )
    clock = _clock(ticket)
    assert clock.policy == "plan:team"
    assert clock.target_seconds == 45 * 3600


def _sender_of(ticket):
    from supportdesk.customers.actions.contacts import SenderIdentity

    email = ticket.requester.email
    return SenderIdentity(kind="email", external_id=email, email=email, email_verified=True)


def _critical_ticket(open_ticket, agent, *, claimed, confirmed):
    ticket = open_ticket(at=claimed, critical_claim=True)
    with time_machine.travel(confirmed, tick=False):
        do_confirm_critical(ticket=ticket, agent=agent, reason="Никто не может войти")
    return ticket


def test_critical_fix_clock_counts_from_the_claim_once_confirmed(open_ticket, agent):
    ticket = _critical_ticket(
        open_ticket, agent, claimed=msk(2026, 3, 2, 12), confirmed=msk(2026, 3, 3, 16)
    )
    clock = _clock(ticket, Target.CRITICAL_FIX)
    assert clock.started_at == msk(2026, 3, 2, 12)
    assert clock.due_at == CAL.deadline(msk(2026, 3, 2, 12), timedelta(hours=135))


def test_unconfirmed_claim_has_no_fix_clock_and_rejection_cancels_nothing(open_ticket, agent):
    ticket = open_ticket(at=msk(2026, 3, 2, 12), critical_claim=True)
    assert not SlaClock.objects.filter(ticket=ticket, target=Target.CRITICAL_FIX).exists()
    do_reject_critical(ticket=ticket, agent=agent, reason="Один пользователь")
    assert not SlaClock.objects.filter(ticket=ticket, target=Target.CRITICAL_FIX).exists()


def test_waiting_on_customer_pauses_the_fix_clock_and_extends_the_deadline(open_ticket, agent):
    ticket = _critical_ticket(
        open_ticket, agent, claimed=msk(2026, 3, 2, 12), confirmed=msk(2026, 3, 2, 13)
    )
    with time_machine.travel(msk(2026, 3, 3, 12), tick=False):
        do_change_status(ticket=ticket, agent=agent, status=Status.WAITING)
    assert _clock(ticket, Target.CRITICAL_FIX).state == ClockState.PAUSED
    with time_machine.travel(msk(2026, 3, 4, 12), tick=False):
        receive(inbound_email(sender=_sender_of(ticket), ticket_number=ticket.number))

    clock = _clock(ticket, Target.CRITICAL_FIX)
    assert clock.state == ClockState.RUNNING
    assert clock.paused_seconds == 9 * 3600  # Tue 12:00 → Wed 12:00 is one business day
    assert clock.due_at == CAL.deadline(msk(2026, 3, 2, 12), timedelta(hours=135 + 9))


def test_resolved_stops_and_reopen_continues_without_reset(open_ticket, agent):
    ticket = _critical_ticket(
        open_ticket, agent, claimed=msk(2026, 3, 2, 12), confirmed=msk(2026, 3, 2, 13)
    )
    with time_machine.travel(msk(2026, 3, 5, 12), tick=False):
        do_change_status(ticket=ticket, agent=agent, status=Status.RESOLVED)
    clock = _clock(ticket, Target.CRITICAL_FIX)
    assert (clock.state, clock.met) == (ClockState.STOPPED, True)

    with time_machine.travel(msk(2026, 3, 6, 12), tick=False):
        receive(inbound_email(sender=_sender_of(ticket), ticket_number=ticket.number))
    clock = _clock(ticket, Target.CRITICAL_FIX)
    assert clock.state == ClockState.RUNNING
    assert clock.started_at == msk(2026, 3, 2, 12)
    assert clock.due_at == CAL.deadline(msk(2026, 3, 2, 12), timedelta(hours=135 + 9))


def test_critical_rejected_after_confirmation_by_severity_change_cancels_the_clock(
    open_ticket, agent
):
    from supportdesk.tickets.actions.severity import do_set_severity

    ticket = _critical_ticket(
        open_ticket, agent, claimed=msk(2026, 3, 2, 12), confirmed=msk(2026, 3, 2, 13)
    )
    do_set_severity(ticket=ticket, agent=agent, severity="normal")
    assert _clock(ticket, Target.CRITICAL_FIX).state == ClockState.CANCELLED


def test_ticket_carries_the_nearest_running_due_time_for_the_queue(open_ticket, agent):
    ticket = _critical_ticket(
        open_ticket, agent, claimed=msk(2026, 3, 2, 12), confirmed=msk(2026, 3, 2, 13)
    )
    ticket.refresh_from_db()
    assert ticket.sla_due_at == _clock(ticket).due_at  # response is due first

    with time_machine.travel(msk(2026, 3, 2, 14), tick=False):
        do_send_public_reply(ticket=ticket, agent=agent, body="Чиним")
    ticket.refresh_from_db()
    assert ticket.sla_due_at == _clock(ticket, Target.CRITICAL_FIX).due_at

    with time_machine.travel(msk(2026, 3, 2, 15), tick=False):
        do_change_status(ticket=ticket, agent=agent, status=Status.WAITING)
    ticket.refresh_from_db()
    assert ticket.sla_due_at is None

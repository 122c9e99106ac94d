import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from supportdesk.customers.models import Plan
from supportdesk.tickets.actions.assignment import do_assign_ticket
from supportdesk.tickets.actions.status import do_change_status
from tests.customers.factories import OrganisationFactory
from tests.sla.conftest import msk

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[int]:
    return [row.ticket.number for row in response.context["rows"]]


@pytest.fixture
def tickets(open_ticket, agent):
    team = OrganisationFactory(plan=Plan.TEAM, name="Ромашка")
    free = OrganisationFactory(plan=Plan.FREE, name="Фриланс")
    t = {
        "enterprise_early": open_ticket(at=msk(2026, 3, 2, 11), subject="Ошибка 502"),
        "team_later": open_ticket(organisation=team, at=msk(2026, 3, 2, 11), subject="Экспорт PNG"),
        "free": open_ticket(organisation=free, at=msk(2026, 3, 2, 12), subject="Вопрос"),
        "claimed": open_ticket(at=msk(2026, 3, 3, 11), critical_claim=True, subject="Всё лежит"),
    }
    do_assign_ticket(ticket=t["team_later"], agent=agent, assignee=agent)
    do_change_status(ticket=t["free"], agent=agent, status="waiting")
    return t


def test_due_soon_orders_by_the_nearest_deadline_and_shows_business_time_left(
    agent_client, tickets
):
    with time_machine.travel(msk(2026, 3, 3, 12), tick=False):
        response = agent_client.get(reverse("workspace:queue"), {"view": "due_soon"})
    assert _numbers(response) == [
        tickets["enterprise_early"].number,  # due Tue 18:00
        tickets["claimed"].number,  # due Wed 18:00
        tickets["team_later"].number,  # due Fri 20:00
    ]
    assert "6 ч" in response.text  # Tue 12:00 → 18:00


def test_views_and_their_counts(agent_client, tickets):
    with time_machine.travel(msk(2026, 3, 3, 19), tick=False):
        counts = dict(
            (v.key, n) for v, n in agent_client.get(reverse("workspace:queue")).context["views"]
        )
        breached = agent_client.get(reverse("workspace:queue"), {"view": "breached"})
    assert counts == {
        "mine": 1,
        "unassigned": 3,
        "due_soon": 3,
        "breached": 1,
        "critical_claims": 1,
        "waiting": 1,
        "no_organisation": 0,
        "all": 4,
    }
    assert _numbers(breached) == [tickets["enterprise_early"].number]


def test_filters_by_plan_and_channel(agent_client, tickets):
    response = agent_client.get(reverse("workspace:queue"), {"view": "all", "plan": "team"})
    assert _numbers(response) == [tickets["team_later"].number]
    response = agent_client.get(reverse("workspace:queue"), {"view": "all", "channel": "telegram"})
    assert _numbers(response) == []


def test_search_finds_stemmed_russian_words(agent_client, tickets):
    response = agent_client.get(reverse("workspace:queue"), {"view": "all", "q": "ошибки"})
    assert _numbers(response) == [tickets["enterprise_early"].number]


def test_deep_pages_use_offsets_without_counting_rows(
    agent_client, tickets, django_assert_max_num_queries
):
    response = agent_client.get(reverse("workspace:queue"), {"view": "all", "page": 1})
    assert response.context["has_next"] is False
    response = agent_client.get(reverse("workspace:queue"), {"view": "all", "page": 40})
    assert _numbers(response) == []


def test_queue_query_count_does_not_grow_with_rows(
    agent_client, open_ticket, django_assert_num_queries, monkeypatch
):
    from supportdesk.sla import calendars

    monkeypatch.setattr(calendars, "RECHECK_SECONDS", 3600)  # the calendar checked just now
    for _ in range(3):
        open_ticket(at=msk(2026, 3, 2, 11))
    # session, user, page ids, page rows, counts, agents for the filter
    cache.clear()
    with django_assert_num_queries(6):
        agent_client.get(reverse("workspace:queue"), {"view": "all"})
    for _ in range(20):
        open_ticket(at=msk(2026, 3, 2, 11))
    cache.clear()
    with django_assert_num_queries(6):
        response = agent_client.get(reverse("workspace:queue"), {"view": "all"})
    assert len(response.context["rows"]) == 23


def test_htmx_refresh_returns_only_the_rows(agent_client, tickets):
    response = agent_client.get(
        reverse("workspace:queue"), {"view": "all"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="queue-rows"')
    assert "<html" not in response.text


def _all_count(agent_client) -> int:
    views = agent_client.get(reverse("workspace:queue"), {"view": "all"}).context["views"]
    return dict((v.key, n) for v, n in views)["all"]


def test_counts_are_served_from_cache_and_recounted_after_fifteen_seconds(
    agent_client, open_ticket
):
    cache.clear()
    open_ticket(at=msk(2026, 3, 2, 11))
    with time_machine.travel(msk(2026, 3, 2, 12), tick=False):
        assert _all_count(agent_client) == 1
        open_ticket(at=msk(2026, 3, 2, 11))  # its commit is never seen: the test's transaction
        assert _all_count(agent_client) == 1  # fresh for 15 s: no recount
    with time_machine.travel(msk(2026, 3, 2, 12, 1), tick=False):
        assert _all_count(agent_client) == 1  # stale: served, and a task recounts
        assert _all_count(agent_client) == 2


def test_a_committed_ticket_event_makes_the_counts_stale_at_once(
    agent_client, open_ticket, django_capture_on_commit_callbacks
):
    cache.clear()
    open_ticket(at=msk(2026, 3, 2, 11))
    with time_machine.travel(msk(2026, 3, 2, 12), tick=False):
        assert _all_count(agent_client) == 1
        with django_capture_on_commit_callbacks(execute=True):
            open_ticket(at=msk(2026, 3, 2, 11))
        assert _all_count(agent_client) == 1  # served once while a task recounts
        assert _all_count(agent_client) == 2

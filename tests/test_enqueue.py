from functools import partial

import pytest
from django.db import transaction
from django.tasks import task

from supportdesk.enqueue import enqueue_on_commit, on_commit_once

calls: list[tuple[str, list[int]]] = []


@task()
def first_task(ids: list[int]) -> None:
    calls.append(("first", ids))


@task()
def second_task(ids: list[int]) -> None:
    calls.append(("second", ids))


@pytest.fixture(autouse=True)
def _no_calls() -> None:
    calls.clear()


pytestmark = pytest.mark.django_db(transaction=True)


def test_one_task_per_transaction_with_every_id_once_in_order():
    with transaction.atomic():
        for item in (3, 1, 3, 2):
            enqueue_on_commit(first_task, item)
        enqueue_on_commit(second_task, 9)
        assert calls == []  # nothing before the commit
    assert calls == [("first", [3, 1, 2]), ("second", [9])]


def test_outside_a_transaction_the_task_is_enqueued_at_once():
    enqueue_on_commit(first_task, 5)
    assert calls == [("first", [5])]


def test_a_rolled_back_transaction_enqueues_nothing_and_leaves_nothing_behind():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(first_task, 1)
        raise RuntimeError
    with transaction.atomic():
        enqueue_on_commit(first_task, 2)
    assert calls == [("first", [2])]


def test_a_rolled_back_savepoint_that_started_the_batch_does_not_swallow_later_ids():
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(first_task, 1)
            raise RuntimeError
        enqueue_on_commit(first_task, 2)
    assert calls == [("first", [2])]


def test_consecutive_transactions_get_their_own_task():
    for item in (1, 2):
        with transaction.atomic():
            enqueue_on_commit(first_task, item)
    assert calls == [("first", [1]), ("first", [2])]


def test_a_hook_asked_for_twice_in_a_transaction_runs_once_at_its_commit():
    ran: list[str] = []

    def once() -> None:
        ran.append("once")

    with transaction.atomic():
        on_commit_once(partial(ran.append, "other"))  # another callable: a hook of its own
        on_commit_once(once)
        on_commit_once(once)
        assert ran == []
    assert ran == ["other", "once"]
    on_commit_once(once)  # outside a transaction: at once
    assert ran == ["other", "once", "once"]

"""Two workers processing one update at once on PostgreSQL: real transactions and row locks."""

import threading

import pytest
from django.db import connection

from supportdesk.telegram.actions.updates import do_process_update, do_record_update
from supportdesk.telegram.models import BotMessage, TelegramUpdate, UpdateState
from tests.telegram.chat import fixture_update, next_update_id

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_an_update_processed_by_two_workers_at_once_is_answered_once(bot_server, monkeypatch):
    assert connection.vendor == "postgresql"
    # Keep the answers in the outbox: only what processing wrote is counted.
    monkeypatch.setattr("supportdesk.telegram.actions.bot_messages.transaction.on_commit",
                        lambda callback: None)  # fmt: skip
    monkeypatch.setattr("supportdesk.telegram.actions.updates.transaction.on_commit",
                        lambda callback: None)  # fmt: skip
    update = fixture_update("tg_message_text.json")
    update["update_id"] = next_update_id()
    update["message"]["text"] = "/start"
    stored = do_record_update(update)
    assert stored is not None
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            do_process_update(stored.pk)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert TelegramUpdate.objects.get().state == UpdateState.PROCESSED
    assert BotMessage.objects.count() == 1

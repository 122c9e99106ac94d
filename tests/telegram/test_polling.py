import pytest
from django.db import DatabaseError

from supportdesk.telegram.bot_api import BotApiError
from supportdesk.telegram.models import TelegramUpdate, UpdateState
from supportdesk.telegram.polling import Poller
from tests.telegram.chat import fixture_update, next_update_id

pytestmark = pytest.mark.django_db


def _text_update(text: str = "/start") -> dict:
    update = fixture_update("tg_message_text.json")
    update["update_id"] = next_update_id()
    update["message"]["text"] = text
    return update


def test_each_update_is_stored_and_the_offset_moves_past_it(poller, bot_server, chat):
    first, second = _text_update(), _text_update("/help")
    bot_server.push_update(first)
    bot_server.push_update(second)

    with chat.capture(execute=True):
        assert poller.poll_once() == 2

    assert poller.offset == second["update_id"] + 1
    assert set(TelegramUpdate.objects.values_list("update_id", flat=True)) == {
        first["update_id"],
        second["update_id"],
    }
    poller.poll_once()  # the next request confirms both to Telegram
    assert bot_server.confirmed_offset == second["update_id"] + 1
    assert bot_server.updates == []


def test_the_offset_does_not_move_past_an_update_that_was_not_stored(
    poller, bot_server, chat, monkeypatch
):
    update = _text_update()
    bot_server.push_update(update)

    def broken(raw):
        raise DatabaseError("database is locked")

    monkeypatch.setattr("supportdesk.telegram.polling.do_record_update", broken)
    with pytest.raises(DatabaseError):
        poller.poll_once()
    assert poller.offset is None
    monkeypatch.undo()

    # Telegram hands the update over again, and this time it is stored.
    with chat.capture(execute=True):
        poller.poll_once()
    assert TelegramUpdate.objects.get().update_id == update["update_id"]


def test_an_update_delivered_twice_is_stored_and_processed_once(chat):
    update = _text_update()
    chat.deliver(update)
    chat.poller.offset = None  # as after a restart before the offset was confirmed
    chat.deliver(update)

    stored = TelegramUpdate.objects.get()
    assert stored.state == UpdateState.PROCESSED
    assert len(chat.bot_messages()) == 1


def test_run_removes_the_webhook_and_keeps_polling_through_api_errors(
    bot_api, bot_server, chat, monkeypatch
):
    bot_server.webhook = {"url": "https://old.example/hook", "secret_token": "x"}
    monkeypatch.setattr("supportdesk.telegram.polling.time.sleep", lambda seconds: None)
    # Inside the test's transaction, dropping "old" connections would drop the test's own.
    monkeypatch.setattr("supportdesk.telegram.polling.close_old_connections", lambda: None)
    update = _text_update()
    bot_server.push_update(update)
    poller = Poller(bot_api, timeout=0)
    real_poll = poller.poll_once
    outcomes: list[Exception | None] = [BotApiError("Bad Gateway", permanent=False), None]

    def flaky_poll() -> int:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return real_poll()

    monkeypatch.setattr(poller, "poll_once", flaky_poll)
    with chat.capture(execute=True):
        poller.run(should_stop=lambda: not outcomes)

    assert bot_server.webhook == {}
    assert TelegramUpdate.objects.filter(update_id=update["update_id"]).exists()

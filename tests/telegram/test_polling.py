import time

import pytest
from django.db import DatabaseError

from supportdesk.telegram.bot_api import BotApiError
from supportdesk.telegram.models import TelegramUpdate, UpdateState
from supportdesk.telegram.polling import Poller
from tests.telegram.bot_api_server import TOKEN
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


def test_a_poller_started_without_a_bot_takes_up_the_token_saved_in_the_admin(
    fake_bot_api_session, tmp_path
):
    """As `serve` runs it: a process of its own, idle until the admin saves a token, polling
    with it within seconds, and idle again once the admin switches to webhook."""
    from tests.ops.processes import Desk, wait_for

    server = fake_bot_api_session
    server.reset()
    desk = Desk(tmp_path / "var")
    desk.env.pop("TELEGRAM_BOT_TOKEN", None)
    desk.env["TELEGRAM_API_URL"] = server.api_url
    desk.run("migrate", "--verbosity", "0")
    update = _text_update()
    server.push_update(update)
    save = (
        "from supportdesk.telegram.actions.bot_settings import do_ensure_bot_settings; "
        "from supportdesk.telegram.admin import BotSettingsForm; "
        "form = BotSettingsForm({fields!r}, instance=do_ensure_bot_settings()); "
        "assert form.is_valid(), form.errors; form.save()"
    )
    try:
        poller = desk.start("telegram", "poll", "--timeout", "1")
        desk.start("worker", "--interval", "0.2", "--queue-name", "default")
        time.sleep(2)
        assert poller.poll() is None, "an idle poller keeps running"
        assert not server.calls_to("getUpdates")

        desk.run("shell", "-c", save.format(fields={"token": TOKEN, "mode": "polling"}))

        wait_for(lambda: server.messages_to(12345678), timeout=30, what="the bot's answer")
        assert desk.query("SELECT update_id FROM telegram_telegramupdate") == [
            (update["update_id"],)
        ]
        desk.run("shell", "-c", save.format(fields={
            "mode": "webhook", "webhook_url": "https://desk.example/telegram/webhook/",
        }))  # fmt: skip
        time.sleep(4)  # the long poll under way ends, and the poller looks again
        polls = len(server.calls_to("getUpdates"))
        time.sleep(3)
        assert len(server.calls_to("getUpdates")) == polls, "polling stopped for the webhook"
        assert poller.poll() is None
    finally:
        desk.stop_all()

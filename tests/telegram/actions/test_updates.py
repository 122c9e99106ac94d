from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from supportdesk.telegram.actions.updates import (
    MAX_PROCESS_ATTEMPTS,
    do_process_update,
    do_record_update,
    do_retry_failed_updates,
)
from supportdesk.telegram.models import Dialogue, DialogueState, TelegramUpdate, UpdateState
from supportdesk.telegram.tasks import retry_telegram_work
from tests.telegram.chat import fixture_update, next_update_id

pytestmark = pytest.mark.django_db


def _text(text: str, user_id: int = 12345678) -> dict:
    update = fixture_update("tg_message_text.json")
    update["update_id"] = next_update_id()
    update["message"]["text"] = text
    update["message"]["from"]["id"] = update["message"]["chat"]["id"] = user_id
    return update


def _broken_dialogue(monkeypatch):
    def respond(turn):
        raise RuntimeError("bug in the dialogue")

    monkeypatch.setattr("supportdesk.telegram.actions.updates.respond", respond)


def test_recording_an_update_again_is_a_no_op(bot_server, django_capture_on_commit_callbacks):
    update = _text("/start")
    with django_capture_on_commit_callbacks() as callbacks:
        assert do_record_update(update) is not None
        assert do_record_update(update) is None
    assert TelegramUpdate.objects.count() == 1
    assert len(callbacks) == 1


def test_nul_characters_never_stop_an_update_from_being_stored(bot_server):
    stored = do_record_update(_text("bad\x00byte"))

    stored.refresh_from_db()
    assert stored.payload["message"]["text"] == "bad\ufffdbyte"


def test_an_update_without_an_id_is_ignored(bot_server):
    assert do_record_update({"message": {"text": "hi"}}) is None
    assert not TelegramUpdate.objects.exists()


def test_a_failing_update_is_kept_for_another_try(bot_server, monkeypatch):
    _broken_dialogue(monkeypatch)
    stored = do_record_update(_text("/start"))

    do_process_update(stored.pk)

    stored.refresh_from_db()
    assert stored.state == UpdateState.RECEIVED
    assert stored.attempts == 1
    assert stored.last_error == "RuntimeError: bug in the dialogue"


def test_after_the_last_try_the_update_fails_and_the_user_gets_an_apology(
    bot_server, monkeypatch, django_capture_on_commit_callbacks
):
    Dialogue.objects.create(telegram_user_id=12345678, chat_id=12345678)
    _broken_dialogue(monkeypatch)
    stored = do_record_update(_text("/start"))

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(MAX_PROCESS_ATTEMPTS):
            do_process_update(stored.pk)

    stored.refresh_from_db()
    assert stored.state == UpdateState.FAILED
    [apology] = bot_server.messages_to(12345678)
    assert apology.params["text"].startswith("Извините, у нас что-то пошло не так.")


def test_failed_updates_can_be_processed_again(
    bot_server, monkeypatch, django_capture_on_commit_callbacks
):
    stored = do_record_update(_text("/start"))
    TelegramUpdate.objects.filter(pk=stored.pk).update(state=UpdateState.FAILED, attempts=5)

    with django_capture_on_commit_callbacks(execute=True):
        assert do_retry_failed_updates([stored.pk]) == 1

    stored.refresh_from_db()
    assert stored.state == UpdateState.PROCESSED


def test_earlier_updates_of_the_chat_are_processed_first(bot_server):
    # Recorded but not yet processed (their tasks are still queued).
    first = do_record_update(_text("/start"))
    second = do_record_update(_text("olga@romashka.example"))

    do_process_update(second.pk)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == UpdateState.PROCESSED
    assert first.processed_at < second.processed_at
    assert Dialogue.objects.get().state == DialogueState.LINK_CODE


def test_the_scheduler_retries_updates_left_unprocessed(
    bot_server, django_capture_on_commit_callbacks
):
    stored = do_record_update(_text("/start"))
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        retry_telegram_work.call()

    stored.refresh_from_db()
    assert stored.state == UpdateState.PROCESSED


def test_nan_and_infinity_from_a_polled_answer_never_stop_an_update_from_being_stored(bot_server):
    # Found by tests/telegram/test_updates_fuzz.py: SQLite's JSON check refused the row, which
    # was taken for a duplicate and dropped (PostgreSQL's jsonb raises instead).
    raw = _text("hi")
    raw["message"]["entities"] = [float("inf"), float("-inf"), float("nan")]
    stored = do_record_update(raw)

    assert stored is not None
    stored.refresh_from_db()
    assert stored.payload["message"]["entities"] == ["inf", "-inf", "nan"]

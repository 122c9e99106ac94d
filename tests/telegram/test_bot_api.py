"""`BotApi` against the fake Bot API server: the real HTTP calls python-telegram-bot makes."""

import pytest

from supportdesk.telegram.bot_api import BotApi, BotApiError, FileTooBig, message_chunks
from tests.telegram.bot_api_server import BLOCKED


def test_get_me_checks_the_token(bot_api):
    assert bot_api.get_me()["username"] == "supportdesk_test_bot"


def test_a_wrong_token_is_an_error(bot_server):
    with BotApi(token="1:wrong", api_url=bot_server.api_url) as api, pytest.raises(BotApiError):
        api.get_me()


def test_get_updates_returns_raw_updates_and_confirms_by_offset(bot_api, bot_server):
    bot_server.push_update({"update_id": 10, "message": {"weird": True}})
    bot_server.push_update({"update_id": 11, "brand_new_kind": {}})

    assert [u["update_id"] for u in bot_api.get_updates(offset=None, timeout=0)] == [10, 11]
    assert [u["update_id"] for u in bot_api.get_updates(offset=11, timeout=0)] == [11]
    assert bot_api.get_updates(offset=12, timeout=0) == []
    assert bot_server.confirmed_offset == 12


def test_send_message_with_inline_buttons(bot_api, bot_server):
    message_id = bot_api.send_message(
        42, "Выберите", buttons=[[{"text": "Да", "data": "wiz:send"}]], reply_to=7
    )

    [call] = bot_server.calls_to("sendMessage")
    assert call.message_id == message_id
    assert call.params["text"] == "Выберите"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Да", "callback_data": "wiz:send"}]]
    }
    assert call.params["reply_parameters"]["message_id"] == 7


def test_send_document(bot_api, bot_server):
    bot_api.send_document(42, "log.txt", b"line 1\n", caption="Лог")

    [call] = bot_server.calls_to("sendDocument")
    assert call.files["document"] == ("log.txt", b"line 1\n")
    assert call.params["caption"] == "Лог"


def test_download_file_through_get_file(bot_api, bot_server):
    bot_server.add_file("F1", b"HAR bytes", name="a.har")

    assert bot_api.download_file("F1") == b"HAR bytes"
    assert bot_server.calls_to("getFile")[0].params["file_id"] == "F1"


def test_a_file_over_20_mb_is_too_big(bot_api, bot_server):
    bot_server.add_file("F2", b"x", name="huge.log", size=21 * 1024 * 1024)

    with pytest.raises(FileTooBig) as raised:
        bot_api.download_file("F2")
    assert raised.value.permanent


def test_a_blocked_user_is_a_permanent_error(bot_api, bot_server):
    bot_server.block(42)

    with pytest.raises(BotApiError) as raised:
        bot_api.send_message(42, "Привет")
    assert raised.value.permanent
    assert raised.value.description == BLOCKED


def test_an_unreachable_server_is_a_transient_error():
    with (
        BotApi(token="1:x", api_url="http://127.0.0.1:9") as api,
        pytest.raises(BotApiError) as raised,
    ):
        api.get_me()
    assert not raised.value.permanent


def test_webhook_set_and_delete(bot_api, bot_server):
    bot_api.set_webhook("https://desk.example/telegram/webhook/", secret_token="s3cret")
    assert bot_server.webhook == {
        "url": "https://desk.example/telegram/webhook/",
        "secret_token": "s3cret",
    }
    # Telegram refuses long polling while a webhook is set.
    with pytest.raises(BotApiError, match="Conflict"):
        bot_api.get_updates(offset=None, timeout=0)
    bot_api.delete_webhook()
    assert bot_server.webhook == {}


def test_long_text_is_cut_into_messages_telegram_accepts():
    text = "\n".join(f"строка {i}" for i in range(1000))

    chunks = message_chunks(text)

    assert all(len(c) <= 4096 for c in chunks)
    assert "\n".join(chunks) == text
    assert message_chunks("x" * 5000) == ["x" * 4096, "x" * 904]

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from supportdesk.telegram.models import TelegramUpdate
from tests.telegram.chat import fixture_update, next_update_id


def _run(*args: str) -> str:
    out = StringIO()
    call_command("telegram", *args, stdout=out)
    return out.getvalue()


def test_me_prints_the_bot(bot_server):
    assert json.loads(_run("me"))["username"] == "supportdesk_test_bot"


@pytest.mark.django_db
def test_poll_once_stores_the_waiting_updates(bot_server, django_capture_on_commit_callbacks):
    update = fixture_update("tg_message_text.json")
    update["update_id"] = next_update_id()
    bot_server.push_update(update)

    with django_capture_on_commit_callbacks(execute=True):
        assert json.loads(_run("poll", "--once", "--timeout", "0")) == {"updates": 1}

    assert TelegramUpdate.objects.get().update_id == update["update_id"]


def test_webhook_set_registers_the_url_with_its_secret(bot_server, settings):
    settings.TELEGRAM_WEBHOOK_URL = "https://desk.example/telegram/webhook/"
    settings.TELEGRAM_WEBHOOK_SECRET = "s3cret-token"

    _run("webhook", "set")
    assert bot_server.webhook == {
        "url": "https://desk.example/telegram/webhook/",
        "secret_token": "s3cret-token",
    }
    _run("webhook", "delete")
    assert bot_server.webhook == {}


def test_webhook_set_needs_the_url_and_secret(bot_server):
    with pytest.raises(CommandError, match="TELEGRAM_WEBHOOK_URL"):
        _run("webhook", "set")


@pytest.mark.django_db
def test_without_a_token_there_is_no_bot(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(CommandError, match="TELEGRAM_BOT_TOKEN"):
        _run("me")


def test_api_errors_are_reported_plainly(bot_server, settings):
    settings.TELEGRAM_BOT_TOKEN = "1:revoked"
    with pytest.raises(CommandError, match="Telegram: "):
        _run("me")

import json
import logging

import pytest

from supportdesk.telegram.models import TelegramUpdate, UpdateState
from tests.telegram.chat import fixture_update, next_update_id

pytestmark = pytest.mark.django_db

SECRET = "webhook-secret_123"
URL = "/telegram/webhook/"


@pytest.fixture
def webhook(client, settings, bot_server, django_capture_on_commit_callbacks):
    settings.TELEGRAM_MODE = "webhook"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET

    def post(update, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                URL, data=json.dumps(update), content_type="application/json", headers=headers
            )

    return post


def _start() -> dict:
    update = fixture_update("tg_message_text.json")
    update["update_id"] = next_update_id()
    update["message"]["text"] = "/start"
    return update


def test_an_update_with_the_right_secret_is_stored_and_answered_through_the_outbox(
    webhook, bot_server
):
    update = _start()

    response = webhook(update, **{"X-Telegram-Bot-Api-Secret-Token": SECRET})

    assert response.status_code == 200
    stored = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert stored.state == UpdateState.PROCESSED
    [greeting] = bot_server.messages_to(12345678)
    assert greeting.params["text"].startswith("Здравствуйте!")


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}])
def test_a_wrong_or_missing_secret_is_refused_and_logged(webhook, headers, caplog):
    with caplog.at_level(logging.WARNING, logger="supportdesk.telegram.views"):
        response = webhook(_start(), **headers)

    assert response.status_code == 403
    assert not TelegramUpdate.objects.exists()
    assert "telegram webhook refused" in caplog.text
    assert ("missing" if not headers else "wrong") in caplog.text


def test_without_a_configured_secret_everything_is_refused(webhook, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    response = webhook(_start(), **{"X-Telegram-Bot-Api-Secret-Token": ""})
    assert response.status_code == 403


def test_a_duplicate_delivery_is_stored_once(webhook, bot_server):
    update = _start()
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    assert webhook(update, **headers).status_code == 200
    assert webhook(update, **headers).status_code == 200

    assert TelegramUpdate.objects.count() == 1
    assert len(bot_server.messages_to(12345678)) == 1


def test_not_an_update_is_a_bad_request(client, settings, bot_server):
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert (
        client.post(URL, data="{", content_type="application/json", headers=headers).status_code
        == 400
    )
    assert (
        client.post(URL, data="[1]", content_type="application/json", headers=headers).status_code
        == 400
    )
    assert client.get(URL, headers=headers).status_code == 405


def test_the_webhook_works_behind_the_real_asgi_server(
    asgi_server, settings, bot_server, monkeypatch
):
    """uvicorn runs the sync view in a worker thread; the bot's asyncio runner works there."""
    import urllib.request

    from django.db import connection

    # The server thread's own connection must close with its request, or the test database
    # cannot be dropped at the end (PostgreSQL URLs keep connections for a minute).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    update = _start()
    request = urllib.request.Request(  # noqa: S310 - loopback test server
        f"{asgi_server}{URL}",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200

    assert TelegramUpdate.objects.get(update_id=update["update_id"]).state == UpdateState.PROCESSED
    [greeting] = bot_server.messages_to(12345678)
    assert greeting.params["text"].startswith("Здравствуйте!")


def _post_raw(client, body: bytes):
    return client.post(URL, data=body, content_type="application/json",
                       headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})  # fmt: skip


@pytest.mark.parametrize("update_id", [10**30, -1, 2**63])
def test_an_update_id_telegram_never_sends_is_refused_not_a_server_error(
    webhook, client, caplog, update_id
):
    update = _start()
    update["update_id"] = update_id
    response = webhook(update, **{"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 400
    assert not TelegramUpdate.objects.exists()
    assert "telegram webhook refused" in caplog.text


def test_a_body_nested_50000_deep_is_refused_not_a_server_error(webhook, client, caplog):
    body = b'{"update_id": 5, "message": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    assert _post_raw(client, body).status_code == 400
    top_level = b"[" * 50_000 + b"]" * 50_000
    assert _post_raw(client, top_level).status_code == 400
    assert not TelegramUpdate.objects.exists()
    assert "telegram webhook refused" in caplog.text


def test_a_deep_but_valid_update_is_kept_as_unknown_and_answered_200(webhook, client):
    update = _start()
    deep: list = []
    for _ in range(200):
        deep = [deep]
    update["message"]["entities"] = deep
    response = webhook(update, **{"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 200
    stored = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert stored.kind == "unknown"
    assert stored.payload["update_id"] == update["update_id"]

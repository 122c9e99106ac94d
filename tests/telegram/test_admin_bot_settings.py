"""The bot's settings page in the admin: write-only secrets, the check and webhook buttons
against the fake Bot API, and the notice when the environment's token wins."""

import socket
from collections.abc import Iterator

import pytest
from django.db import connection

from supportdesk.telegram.actions import bot_connection
from supportdesk.telegram.models import BotSettings
from tests.telegram.bot_api_server import TOKEN
from tests.telegram.factories import BotSettingsFactory

pytestmark = pytest.mark.django_db

PAGE = "/admin/telegram/botsettings/1/change/"
CHECK = "/admin/telegram/botsettings/check/"
WEBHOOK = "/admin/telegram/botsettings/webhook/"
SECRET = "webhook-secret_123"


@pytest.fixture
def admin_bot(bot_server, settings):
    """The fake Bot API is there, but the environment sets no token: the admin decides."""
    settings.TELEGRAM_BOT_TOKEN = ""
    return bot_server


def _save(client, **fields: str):
    data = {"token": "", "mode": "polling", "webhook_url": "", "webhook_secret": ""} | fields
    return client.post(PAGE, data, follow=True)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_list_leads_to_the_one_row_creating_it(admin_client, admin_bot):
    response = admin_client.get("/admin/telegram/botsettings/")

    assert response.status_code == 302 and response["Location"] == PAGE
    assert BotSettings.objects.count() == 1
    page = admin_client.get(PAGE).text
    assert "/admin/telegram/botsettings/add/" not in page and "/delete/" not in page
    assert "Откуда бот берёт настройки: ниоткуда: токен не задан, бота нет" in page


def test_the_token_is_stored_encrypted_and_never_shown_back(admin_client, admin_bot):
    admin_client.get("/admin/telegram/botsettings/")
    response = _save(admin_client, token=TOKEN)
    assert response.status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM telegram_botsettings")
        [(stored,)] = cursor.fetchall()
    assert stored.startswith("fernet:") and "AAEtest" not in stored
    page = admin_client.get(PAGE).text
    assert TOKEN not in page and "AAEtest" not in page
    assert "Откуда бот берёт настройки: с этой страницы" in page
    # Saving with the field left empty keeps the token.
    _save(admin_client)
    assert BotSettings.objects.get().token == TOKEN


def test_the_token_can_be_removed(admin_client, admin_bot):
    BotSettingsFactory.create(token=TOKEN)
    _save(admin_client, forget_token="on")
    assert BotSettings.objects.get().token == ""


def test_a_token_of_the_wrong_shape_is_refused_in_plain_words(admin_client, admin_bot):
    BotSettingsFactory.create()
    response = _save(admin_client, token="not a token")
    assert "Токен бота выглядит так: 123456789:AAE…" in response.text
    assert BotSettings.objects.get().token == ""


def test_the_check_button_shows_the_bot_from_get_me(admin_client, admin_bot):
    BotSettingsFactory.create(token=TOKEN)

    response = admin_client.post(CHECK, follow=True)

    assert _messages(response) == ["Токен работает: это бот @supportdesk_test_bot (id 123456789)."]
    assert admin_bot.calls_to("getMe")
    assert admin_client.get(CHECK).status_code == 405


def test_the_check_button_says_plainly_that_telegram_refuses_a_wrong_token(admin_client, admin_bot):
    BotSettingsFactory.create(token="123:wrong")
    response = admin_client.post(CHECK, follow=True, headers={"Accept-Language": "en"})

    [message] = _messages(response)
    assert message.startswith("Telegram does not accept this token (it answered: Unauthorized)")


def test_the_check_button_says_when_the_server_cannot_be_reached(admin_client, admin_bot, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.TELEGRAM_API_URL = f"http://127.0.0.1:{port}"
    BotSettingsFactory.create(token=TOKEN)

    [message] = _messages(admin_client.post(CHECK, follow=True))

    assert message.startswith(f"Не удалось связаться с 127.0.0.1:{port}:")
    assert "сеть, межсетевой экран, прокси" in message


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Takes connections and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def test_the_check_button_says_when_the_server_does_not_answer_in_time(
    admin_client, admin_bot, settings, silent_server, monkeypatch
):
    monkeypatch.setattr(bot_connection, "CHECK_TIMEOUT_SECONDS", 0.5)
    settings.TELEGRAM_API_URL = silent_server
    BotSettingsFactory.create(token=TOKEN)

    [message] = _messages(admin_client.post(CHECK, follow=True))

    assert message == f"{silent_server.removeprefix('http://')} не ответил вовремя."


def test_registering_the_webhook_gives_telegram_the_url_and_the_secret(admin_client, admin_bot):
    BotSettingsFactory.create(token=TOKEN)
    url = "https://desk.example/telegram/webhook/"
    _save(admin_client, mode="webhook", webhook_url=url, webhook_secret=SECRET)
    page = admin_client.get(PAGE).text
    assert "Зарегистрировать вебхук" in page and SECRET not in page

    response = admin_client.post(WEBHOOK, follow=True)

    assert admin_bot.webhook == {"url": url, "secret_token": SECRET}
    assert _messages(response) == [f"Telegram будет присылать обновления на {url} с секретом."]


def test_webhook_mode_without_a_secret_gets_one_made_up(admin_client, admin_bot):
    BotSettingsFactory.create(token=TOKEN)
    _save(admin_client, mode="webhook", webhook_url="https://desk.example/telegram/webhook/")

    secret = BotSettings.objects.get().webhook_secret
    assert len(secret) >= 32
    admin_client.post(WEBHOOK)
    assert admin_bot.webhook["secret_token"] == secret


def test_webhook_mode_needs_an_https_url(admin_client, admin_bot):
    BotSettingsFactory.create(token=TOKEN)
    response = _save(admin_client, mode="webhook", webhook_url="http://desk.example/hook/")
    assert "Telegram обращается только по адресам https://." in response.text
    assert BotSettings.objects.get().mode == "polling"


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("ru", "Задана переменная окружения TELEGRAM_BOT_TOKEN, и она главнее"),
        ("en", "The environment variable TELEGRAM_BOT_TOKEN is set, and it wins"),
    ],
)
def test_when_the_environment_sets_the_token_the_page_says_so_and_is_read_only(
    admin_client, bot_server, language, notice
):
    BotSettingsFactory.create(token="42:admin-token-never-shown", webhook_secret=SECRET)
    page = admin_client.get(PAGE, headers={"Accept-Language": language}).text

    assert notice in page
    assert 'name="_save"' not in page and 'name="token"' not in page
    assert "admin-token-never-shown" not in page and SECRET not in page
    assert _save(admin_client, token="1:other").status_code == 403
    assert BotSettings.objects.get().token == "42:admin-token-never-shown"
    # The check tries the environment's bot, which is the one in effect.
    [message] = _messages(admin_client.post(CHECK, follow=True))
    assert message.endswith("@supportdesk_test_bot (id 123456789).")


def test_people_without_the_admin_permissions_cannot_check_or_register(client, admin_bot):
    from tests.accounts.factories import AgentFactory

    client.force_login(AgentFactory.create())
    assert client.post(CHECK).status_code == 403
    assert client.post(WEBHOOK).status_code == 403
    assert not admin_bot.calls_to("getMe")

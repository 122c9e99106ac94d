import pytest
from django.db import connection

from supportdesk.telegram.bot_config import bot_config
from tests.telegram.bot_api_server import TOKEN
from tests.telegram.factories import BotSettingsFactory

pytestmark = pytest.mark.django_db


def test_without_a_token_anywhere_there_is_no_bot(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    BotSettingsFactory.create(token="")

    config = bot_config()

    assert (config.source, config.token, config.webhook_secret) == (None, "", "")


def test_the_admins_settings_are_used_when_the_environment_sets_no_token(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.TELEGRAM_WEBHOOK_SECRET = "from-the-environment"
    BotSettingsFactory.create(
        token=TOKEN, mode="webhook", webhook_url="https://desk.example/telegram/webhook/",
        webhook_secret="from-the-admin",
    )  # fmt: skip

    config = bot_config()

    assert (config.source, config.token, config.mode, config.webhook_secret) == (
        "admin", TOKEN, "webhook", "from-the-admin",
    )  # fmt: skip


def test_the_environment_token_wins_with_all_the_environments_settings(settings):
    BotSettingsFactory.create(token=TOKEN, mode="webhook", webhook_secret="from-the-admin")
    settings.TELEGRAM_BOT_TOKEN = "1:env"
    settings.TELEGRAM_MODE = "polling"
    settings.TELEGRAM_WEBHOOK_SECRET = "from-the-environment"

    config = bot_config()

    assert (config.source, config.token, config.mode, config.webhook_secret) == (
        "environment", "1:env", "polling", "from-the-environment",
    )  # fmt: skip


def test_a_change_in_the_admin_is_seen_by_the_next_call(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert bot_config().source is None
    BotSettingsFactory.create(token=TOKEN)
    assert bot_config().token == TOKEN


def test_the_token_and_the_secret_are_stored_encrypted_and_kept_out_of_repr(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    BotSettingsFactory.create(token=TOKEN, webhook_secret="webhook-secret_123")

    with connection.cursor() as cursor:
        cursor.execute("SELECT token, webhook_secret FROM telegram_botsettings")
        [(token, secret)] = cursor.fetchall()

    assert token.startswith("fernet:") and secret.startswith("fernet:")
    assert TOKEN not in token and "AAEtest" not in token
    assert "webhook-secret_123" not in secret
    assert TOKEN not in repr(bot_config()) and "webhook-secret_123" not in repr(bot_config())

import pytest
from django.db import connection

from supportdesk.telegram.checks import check_telegram_settings
from tests.telegram.factories import BotSettingsFactory

pytestmark = pytest.mark.django_db


def _ids(settings) -> list[str | None]:
    return [error.id for error in check_telegram_settings()]


def test_no_bot_is_fine(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert _ids(settings) == []


def test_an_unknown_mode_is_an_error(settings):
    settings.TELEGRAM_MODE = "push"
    assert _ids(settings) == ["telegram.E001"]


def test_webhook_mode_needs_a_valid_secret_and_an_https_url(settings):
    settings.TELEGRAM_BOT_TOKEN = "1:x"
    settings.TELEGRAM_MODE = "webhook"
    settings.TELEGRAM_WEBHOOK_SECRET = "not allowed: spaces"
    settings.TELEGRAM_WEBHOOK_URL = "http://desk.example/telegram/webhook/"
    assert _ids(settings) == ["telegram.E002", "telegram.E003"]

    settings.TELEGRAM_WEBHOOK_SECRET = "Good_secret-1"
    settings.TELEGRAM_WEBHOOK_URL = "https://desk.example/telegram/webhook/"
    assert _ids(settings) == []


def test_the_admins_webhook_settings_are_checked_when_the_environment_sets_no_token(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    BotSettingsFactory.create(
        token="1:x", mode="webhook", webhook_url="http://desk.example/", webhook_secret="ok"
    )
    assert _ids(settings) == ["telegram.E003"]
    [error] = check_telegram_settings()
    assert "in the admin" in error.msg


def test_the_environment_wins_over_the_admin_in_the_checks(settings):
    BotSettingsFactory.create(mode="webhook", webhook_url="http://bad.example/")
    settings.TELEGRAM_BOT_TOKEN = "1:x"
    settings.TELEGRAM_MODE = "polling"
    assert _ids(settings) == []


def test_before_migrate_only_the_environment_is_checked(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE telegram_botsettings")
    # The table is gone as on a database that was never migrated; the check does not fail.
    assert _ids(settings) == []

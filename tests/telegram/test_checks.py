from supportdesk.telegram.checks import check_telegram_settings


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

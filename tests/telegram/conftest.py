from collections.abc import Iterator

import pytest

from supportdesk.telegram.bot_api import BotApi
from supportdesk.telegram.polling import Poller
from tests.telegram.bot_api_server import TOKEN, FakeBotApi, running_fake_bot_api
from tests.telegram.chat import TelegramChat


@pytest.fixture(scope="session")
def fake_bot_api_session() -> Iterator[FakeBotApi]:
    with running_fake_bot_api() as fake:
        yield fake


@pytest.fixture
def bot_server(fake_bot_api_session: FakeBotApi, settings) -> FakeBotApi:
    """The fake Bot API, emptied, with the desk's bot pointed at it."""
    fake_bot_api_session.reset()
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_API_URL = fake_bot_api_session.api_url
    return fake_bot_api_session


@pytest.fixture
def bot_api(bot_server: FakeBotApi) -> Iterator[BotApi]:
    with BotApi(token=TOKEN, api_url=bot_server.api_url) as api:
        yield api


@pytest.fixture
def poller(bot_api: BotApi) -> Poller:
    return Poller(bot_api, timeout=0)


@pytest.fixture
def chat(bot_server, poller, django_capture_on_commit_callbacks, db) -> TelegramChat:
    return TelegramChat(bot_server, poller, django_capture_on_commit_callbacks)


@pytest.fixture
def english_chat(bot_server, poller, django_capture_on_commit_callbacks, db) -> TelegramChat:
    return TelegramChat(
        bot_server, poller, django_capture_on_commit_callbacks,
        user_id=87654321, language_code="en", first_name="John",
    )  # fmt: skip


@pytest.fixture
def linked_chat(chat: TelegramChat) -> TelegramChat:
    """A Russian-speaking user already linked to a contact of a cloud Team-plan organisation."""
    from tests.customers.factories import ContactFactory
    from tests.telegram.factories import LinkedDialogueFactory

    contact = ContactFactory.create(email="olga@romashka.example")
    LinkedDialogueFactory.create(telegram_user_id=chat.user_id, contact=contact)
    return chat

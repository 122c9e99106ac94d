from datetime import timedelta

import pytest
from django.utils import timezone

from supportdesk.telegram.actions.bot_messages import (
    do_queue_bot_message,
    do_release_stale_bot_message_claims,
    do_send_bot_messages,
)
from supportdesk.telegram.models import BotMessage
from supportdesk.tickets.models import DeliveryStatus
from tests.telegram.bot_api_server import BLOCKED
from tests.telegram.factories import DialogueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue():
    return DialogueFactory.create()


def _queue(dialogue, *texts: str) -> list[BotMessage]:
    return [do_queue_bot_message(dialogue=dialogue, text=t) for t in texts]


def test_messages_are_sent_in_order_and_remember_their_telegram_ids(bot_server, dialogue):
    first, _second = _queue(dialogue, "один", "два")

    assert do_send_bot_messages(dialogue.chat_id) == 2

    sent = bot_server.messages_to(dialogue.chat_id)
    assert [c.params["text"] for c in sent] == ["один", "два"]
    first.refresh_from_db()
    assert first.status == DeliveryStatus.SENT
    assert first.telegram_message_id == sent[0].message_id


def test_a_transient_failure_holds_the_rest_of_the_chat_back(bot_server, dialogue, settings):
    first, second = _queue(dialogue, "один", "два")
    settings.TELEGRAM_API_URL = "http://127.0.0.1:9"

    assert do_send_bot_messages(dialogue.chat_id) == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == DeliveryStatus.PENDING
    assert first.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert second.attempts == 0


def test_a_user_who_blocked_the_bot_fails_each_message_for_good(bot_server, dialogue):
    first, second = _queue(dialogue, "один", "два")
    bot_server.block(dialogue.chat_id)

    do_send_bot_messages(dialogue.chat_id)

    for message in (first, second):
        message.refresh_from_db()
        assert message.status == DeliveryStatus.FAILED
        assert message.last_error == BLOCKED


def test_nothing_is_sent_without_a_token(bot_server, dialogue, settings):
    _queue(dialogue, "один")
    settings.TELEGRAM_BOT_TOKEN = ""

    assert do_send_bot_messages(dialogue.chat_id) == 0
    assert BotMessage.objects.get().status == DeliveryStatus.PENDING


def test_a_claim_left_by_a_dead_worker_goes_back_to_the_queue(dialogue):
    [message] = _queue(dialogue, "один")
    BotMessage.objects.filter(pk=message.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=11)
    )

    assert do_release_stale_bot_message_claims() == 1
    message.refresh_from_db()
    assert message.status == DeliveryStatus.PENDING


def test_the_scheduler_sends_messages_whose_retry_time_has_come(bot_server, dialogue):
    from supportdesk.telegram.tasks import retry_telegram_work

    [message] = _queue(dialogue, "один")
    BotMessage.objects.filter(pk=message.pk).update(
        attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1)
    )

    retry_telegram_work.call()

    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT

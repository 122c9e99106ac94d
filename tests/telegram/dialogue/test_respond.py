"""What the bot does with content it cannot use: a polite answer or a record, never a crash."""

import copy

import pytest

from supportdesk.telegram.models import TelegramUpdate, UpdateState
from supportdesk.tickets.models import Ticket
from tests.telegram.chat import fixture_update, next_update_id

pytestmark = pytest.mark.django_db


def _corpus_update(chat, name: str) -> dict:
    """A corpus update as sent by this chat's user (the payload otherwise unchanged)."""
    update = copy.deepcopy(fixture_update(name))
    update["update_id"] = next_update_id()
    body = update["message"] if "message" in update else update["edited_message"]
    body["from"]["id"] = chat.user_id
    body["chat"]["id"] = chat.user_id
    return update


@pytest.mark.parametrize(
    ("fixture", "what"),
    [
        ("tg_message_with_sticker.json", "sticker"),
        ("tg_message_with_successful_payment.json", "successful_payment"),
    ],
)
def test_unsupported_content_gets_a_polite_answer(linked_chat, fixture, what):
    update = _corpus_update(linked_chat, fixture)
    linked_chat.deliver(update)

    assert linked_chat.new_replies() == [
        "Извините, стикеры, голосовые сообщения, геопозиции, платежи и тому подобное я не могу "
        "добавить в заявку. Напишите текстом или пришлите файл как документ."
    ]
    stored = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert stored.state == UpdateState.PROCESSED
    assert stored.outcome == f"unsupported: {what}"


def test_voice_and_location_are_refused_politely(linked_chat):
    update = _corpus_update(linked_chat, "tg_message_text.json")
    del update["message"]["text"]
    update["message"]["voice"] = {"file_id": "AwADAgAD", "file_unique_id": "u", "duration": 3}
    linked_chat.deliver(update)
    update = _corpus_update(linked_chat, "tg_message_text.json")
    del update["message"]["text"]
    update["message"]["location"] = {"latitude": 55.75, "longitude": 37.62}
    linked_chat.deliver(update)

    assert len(linked_chat.new_replies()) == 2
    assert not Ticket.objects.exists()


def test_an_edited_message_is_recorded_and_explained(linked_chat):
    update = _corpus_update(linked_chat, "tg_edited_message.json")
    linked_chat.deliver(update)

    assert linked_chat.new_replies()[-1].startswith("Я не могу изменить сообщение")
    stored = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert stored.outcome == "edited message not applied"


def test_a_photo_is_attached_to_the_active_request_in_its_largest_size(linked_chat):
    linked_chat.send("/new")
    linked_chat.send("Съехала вёрстка")
    update = _corpus_update(linked_chat, "tg_message_with_photo.json")
    largest = update["message"]["photo"][-1]
    linked_chat.server.add_file(largest["file_id"], b"\xff\xd8jpeg", name="file_0.jpg")
    linked_chat.deliver(update)
    for _ in range(4):
        linked_chat.send("/skip")
    linked_chat.send("готово")
    linked_chat.send("да")

    [attachment] = Ticket.objects.get().messages.get().attachments.all()
    assert attachment.filename == "photo_12345.jpg"
    assert attachment.kind == "image"


def test_a_group_chat_is_refused(linked_chat):
    update = _corpus_update(linked_chat, "tg_message_text.json")
    update["message"]["chat"] = {"id": -100123, "title": "Отдел ИТ", "type": "supergroup"}
    update["message"]["text"] = "/new"
    linked_chat.deliver(update)

    [refusal] = linked_chat.server.messages_to(-100123)
    assert refusal.params["text"] == "Я работаю только в личных сообщениях. Напишите мне напрямую."
    stored = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert stored.outcome == "refused: supergroup chat"


def test_a_button_of_an_inline_message_nobody_knows_is_answered(chat):
    update = fixture_update("tgdocs_callback_query.json")
    update["update_id"] = next_update_id()
    chat.deliver(update)

    [answer] = chat.server.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == "4382bfdwdsb323b2d9"
    assert answer.params["text"] == "Эта кнопка больше не действует."


def test_unknown_update_types_are_recorded(chat):
    reaction, future = next_update_id(), next_update_id()
    chat.deliver(
        {"update_id": reaction, "message_reaction": {"chat": {"id": 1, "type": "private"}}}
    )
    chat.deliver({"update_id": future, "some_future_update": {"anything": [1, 2]}})

    assert TelegramUpdate.objects.get(update_id=reaction).outcome == "recorded (message_reaction)"
    assert TelegramUpdate.objects.get(update_id=future).state == UpdateState.PROCESSED
    assert not chat.server.calls_to("sendMessage")


def test_unlinked_users_are_asked_to_sign_in_first(chat):
    chat.send("Здравствуйте, у меня проблема")
    assert chat.new_replies() == ["Сначала подтвердите адрес почты: отправьте /start."]


def test_help_lists_the_commands(linked_chat):
    linked_chat.send("/help")
    assert "/new — создать заявку" in linked_chat.last_reply()
    linked_chat.send("/whatever")
    assert linked_chat.last_reply().startswith("Что я умею:")

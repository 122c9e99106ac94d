import pytest

from supportdesk.telegram.models import Dialogue, DialogueState
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.models import Status, Ticket
from tests.telegram.chat import FIXTURES

pytestmark = pytest.mark.django_db


def test_my_lists_requests_with_status_and_due_time_as_buttons(linked_chat):
    first = linked_chat.open_request("Не открывается диаграмма")
    second = linked_chat.open_request("Медленно работает экспорт")
    linked_chat.new_replies()

    linked_chat.send("/my")

    [listing] = linked_chat.new_replies()
    assert listing.startswith("Ваши заявки;")
    assert f"#{first.number} · Новая · срок: " in listing
    assert "МСК — Не открывается диаграмма" in listing
    assert linked_chat.buttons() == [
        (f"#{second.number} · Новая · Медленно работает экспорт", f"open:{second.number}"),
        (f"#{first.number} · Новая · Не открывается диаграмма", f"open:{first.number}"),
    ]


def test_choosing_a_request_shows_its_last_messages_and_makes_it_active(linked_chat, agent):
    first = linked_chat.open_request("Не открывается диаграмма")
    linked_chat.open_request("Медленно работает экспорт")
    do_send_public_reply(ticket=first, agent=agent, body="Попробуйте очистить кэш.")
    linked_chat.send("/my")

    linked_chat.press(f"open:{first.number}")

    view = linked_chat.new_replies()[-1]
    assert view.startswith(f"Заявка #{first.number}: Не открывается диаграмма\nСтатус: Открыта")
    assert "Вы: Не открывается диаграмма" in view
    assert "Поддержка: Попробуйте очистить кэш." in view
    assert Dialogue.objects.get().active_ticket == first
    [answer] = linked_chat.server.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"].startswith("cb")

    linked_chat.send("Кэш очистил, не помогло")
    assert linked_chat.new_replies()[-1] == f"Добавлено в заявку #{first.number}."
    assert first.messages.last().body_text == "Кэш очистил, не помогло"


def test_a_plain_message_is_added_to_the_active_request(linked_chat):
    ticket = linked_chat.open_request("Не открывается диаграмма")

    linked_chat.send("Ещё подробности: ошибка только в Firefox")

    assert ticket.messages.count() == 2
    assert ticket.messages.last().body_text == "Ещё подробности: ошибка только в Firefox"


def test_a_reply_to_the_bots_message_about_a_request_goes_to_that_request(linked_chat):
    first = linked_chat.open_request("Не открывается диаграмма")
    created_message = linked_chat.bot_messages()[-1]
    linked_chat.open_request("Медленно работает экспорт")  # now the active one

    linked_chat.send("Это про первую заявку", reply_to=linked_chat.message_id_of(created_message))

    assert first.messages.last().body_text == "Это про первую заявку"
    assert Dialogue.objects.get().active_ticket == first


def test_a_document_is_attached_to_the_active_request(linked_chat):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    har = (FIXTURES / "chrome_export_with_utf8_bom.har").read_bytes()

    linked_chat.send_document(har, "again.har")

    message = ticket.messages.last()
    assert [a.filename for a in message.attachments.all()] == ["again.har"]


def test_without_an_active_request_a_plain_message_starts_a_new_one(linked_chat):
    linked_chat.send("Не работает импорт из Visio")

    dialogue = Dialogue.objects.get()
    assert dialogue.state == DialogueState.NEW_STEPS
    assert dialogue.draft["description"] == "Не работает импорт из Visio"


def test_a_message_to_a_closed_request_opens_a_new_one(linked_chat):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)

    linked_chat.send("Опять сломалось")

    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert linked_chat.new_replies()[-1].startswith(f"Заявка #{new.number} создана.")
    assert Dialogue.objects.get().active_ticket == new


def test_someone_elses_request_cannot_be_chosen(linked_chat):
    from tests.tickets.factories import TicketFactory

    stranger = TicketFactory.create()
    linked_chat.send("/my")
    linked_chat.press(f"open:{stranger.number}")

    [answer] = linked_chat.server.calls_to("answerCallbackQuery")
    assert answer.params["text"] == "Эта заявка недоступна."
    assert Dialogue.objects.get().active_ticket is None


def test_no_requests_yet(linked_chat):
    linked_chat.send("/my")
    assert linked_chat.new_replies() == ["У вас пока нет заявок. /new — создать заявку."]

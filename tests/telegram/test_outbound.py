import pytest

from supportdesk.telegram.models import Dialogue
from supportdesk.telegram.outbound import TelegramChannel
from supportdesk.tickets.actions.delivery import do_attempt_delivery
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.attachments import store_attachment
from supportdesk.tickets.models import DeliveryStatus, EventKind
from tests.telegram.bot_api_server import BLOCKED

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(agent, django_capture_on_commit_callbacks):
    def send(ticket, body):
        with django_capture_on_commit_callbacks(execute=True):
            return do_send_public_reply(ticket=ticket, agent=agent, body=body)

    return send


def test_an_agents_public_reply_is_delivered_to_the_chat(linked_chat, reply):
    ticket = linked_chat.open_request("Не открывается диаграмма")

    message = reply(ticket, "Здравствуйте! Исправили, проверьте, пожалуйста.")

    sent = linked_chat.bot_messages()[-1]
    assert sent.params["text"] == (
        f"Поддержка, заявка #{ticket.number}:\n\nЗдравствуйте! Исправили, проверьте, пожалуйста."
    )
    delivery = message.deliveries.get()
    assert delivery.channel == "telegram"
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.external_id == f"{linked_chat.user_id}:{sent.message_id}"
    assert ticket.events.filter(kind=EventKind.DELIVERY_SENT).exists()


def test_the_customers_reply_to_the_agents_message_continues_that_request(linked_chat, reply):
    first = linked_chat.open_request("Не открывается диаграмма")
    linked_chat.open_request("Медленно работает экспорт")
    reply(first, "Какой у вас браузер?")
    answered = linked_chat.bot_messages()[-1]
    Dialogue.objects.update(active_ticket=None)

    linked_chat.send("Firefox 133", reply_to=linked_chat.message_id_of(answered))

    assert first.messages.order_by("-id").first().body_text == "Firefox 133"


def test_an_agents_reply_makes_its_request_the_active_one(linked_chat, reply):
    first = linked_chat.open_request("Не открывается диаграмма")
    linked_chat.open_request("Медленно работает экспорт")

    reply(first, "Какой у вас браузер?")
    linked_chat.send("Firefox 133")

    assert first.messages.order_by("-id").first().body_text == "Firefox 133"


def test_files_of_the_reply_are_sent_as_documents(
    linked_chat, agent, django_capture_on_commit_callbacks
):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    with django_capture_on_commit_callbacks():  # the delivery waits until the file is there
        message = do_send_public_reply(ticket=ticket, agent=agent, body="Инструкция во вложении")
    store_attachment(
        message=message, filename="инструкция.pdf", content=b"%PDF-1.4 test",
        content_type="application/pdf",
    )  # fmt: skip

    do_attempt_delivery(message.deliveries.get().pk)

    [document] = linked_chat.server.calls_to("sendDocument")
    assert document.files["document"] == ("инструкция.pdf", b"%PDF-1.4 test")


def test_a_user_who_blocked_the_bot_fails_the_delivery_for_good_and_the_ticket_shows_it(
    linked_chat, reply, agent_client
):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    linked_chat.server.block(linked_chat.user_id)

    message = reply(ticket, "Исправили.")

    delivery = message.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.last_error == BLOCKED
    event = ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert event.data["final"] is True
    page = agent_client.get(f"/desk/tickets/{ticket.number}/").text
    assert BLOCKED in page


def test_an_unreachable_bot_api_is_retried_later(linked_chat, reply, settings):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    settings.TELEGRAM_API_URL = "http://127.0.0.1:9"  # discard port: connection refused

    message = reply(ticket, "Исправили.")

    delivery = message.deliveries.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at is not None
    assert delivery.last_error


def test_a_recipient_that_is_not_a_chat_id_fails_for_good(
    linked_chat, agent, django_capture_on_commit_callbacks
):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    with django_capture_on_commit_callbacks():
        message = do_send_public_reply(ticket=ticket, agent=agent, body="Исправили.")
    delivery = message.deliveries.get()
    delivery.recipient = "olga@romashka.example"

    result = TelegramChannel().send(delivery)

    assert not result.ok
    assert result.permanent

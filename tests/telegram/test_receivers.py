import pytest

from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.models import Status
from tests.customers.factories import ContactFactory
from tests.telegram.factories import LinkedDialogueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def change_status(agent, django_capture_on_commit_callbacks):
    def change(ticket, status):
        with django_capture_on_commit_callbacks(execute=True):
            do_change_status(ticket=ticket, agent=agent, status=status)

    return change


def test_a_status_change_by_the_desk_is_announced(linked_chat, change_status):
    ticket = linked_chat.open_request("Не открывается диаграмма")

    change_status(ticket, Status.RESOLVED)

    assert linked_chat.new_replies()[-1] == f"Заявка #{ticket.number}: новый статус — «Решена»."


def test_the_announcement_speaks_the_users_language(english_chat, change_status):
    contact = ContactFactory.create()
    LinkedDialogueFactory.create(
        telegram_user_id=english_chat.user_id, contact=contact, language="en"
    )
    english_chat.send("/new")
    english_chat.send("Export fails")
    for _ in range(4):
        english_chat.send("/skip")
    english_chat.send("done")
    english_chat.send("yes")
    ticket = contact.tickets.get()

    change_status(ticket, Status.WAITING)

    assert english_chat.last_reply() == (
        f"Request #{ticket.number}: the status is now “Waiting on customer”."
    )


def test_taking_a_request_into_work_by_replying_is_not_announced_twice(
    linked_chat, agent, django_capture_on_commit_callbacks
):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    linked_chat.new_replies()

    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Смотрим.")

    assert linked_chat.new_replies() == [f"Поддержка, заявка #{ticket.number}:\n\nСмотрим."]


def test_a_reopening_by_the_customers_own_message_is_not_announced(linked_chat, change_status):
    ticket = linked_chat.open_request("Не открывается диаграмма")
    change_status(ticket, Status.WAITING)
    linked_chat.new_replies()

    linked_chat.send("Вот ответ на ваш вопрос")

    assert linked_chat.new_replies() == [f"Добавлено в заявку #{ticket.number}."]

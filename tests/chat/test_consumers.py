"""The widget's socket, against a real uvicorn: who is let in, and messages that are stored
once, reach the customer's other tabs, and come back after a reconnect exactly as missed."""

from __future__ import annotations

import uuid

import pytest
from websockets.exceptions import ConnectionClosed

from supportdesk.chat.models import ChatConversation, ChatUpdate, RefusedConnection
from supportdesk.customers.models import Contact, Edition, Organisation, Plan
from supportdesk.tickets.actions.replies import do_add_internal_note, do_send_public_reply
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.models import Channel, Message, Status, Ticket
from tests.accounts.factories import AgentFactory
from tests.chat.widgets import identity

pytestmark = pytest.mark.django_db(transaction=True)


def refusal(widget) -> tuple[dict, int]:
    frame = widget.receive()
    with pytest.raises(ConnectionClosed) as closed:
        widget.receive()
    assert closed.value.rcvd is not None
    return frame, closed.value.rcvd.code


def pushed_until(widget, wanted) -> dict[str, list]:
    """Updates and conversation states pushed until an update `wanted` accepts arrives."""
    updates: list[dict] = []
    conversations: list[dict] = []

    def collect(frame: dict) -> bool:
        if frame["type"] == "updates":
            updates.extend(frame["updates"])
            conversations.extend(frame.get("conversations", []))
        return any(wanted(update) for update in updates)

    widget.until(collect)
    return {"updates": updates, "conversations": conversations}


def test_a_signed_user_is_welcomed_and_their_team_becomes_a_cloud_organisation(
    chat_host, open_widget
):
    welcome = open_widget().receive()
    assert welcome["type"] == "welcome"
    assert welcome["texts"]["send"] == "Отправить"
    assert welcome["conversations"] == [] and welcome["updates"] == []
    contact = Contact.objects.get(email="olga@romashka.example")
    assert contact.name == "Ольга Иванова" and contact.verified
    team = contact.organisation
    assert (team.external_id, team.edition, team.plan, team.seats) == (
        "team-7",
        Edition.CLOUD,
        Plan.TEAM,
        60,
    )
    # The team's plan changes in the cloud app: the next connection brings it along.
    open_widget(identity(plan="enterprise", seats=250)).receive()
    team.refresh_from_db()
    assert (team.plan, team.seats) == (Plan.ENTERPRISE, 250)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        pytest.param(identity(secret="forged-secret"), "forged", id="forged"),
        pytest.param(identity(iat=1_700_000_000, exp=1_700_000_600), "expired", id="expired"),
        pytest.param("", "missing", id="missing"),
    ],
)
def test_an_unverified_identity_is_refused_before_anything_is_stored(
    chat_host, open_widget, token, reason
):
    frame, code = refusal(open_widget(token))
    assert frame["type"] == "refused" and frame["reason"] == reason
    assert "Обновите страницу" in frame["message"]
    assert code in {4401, 4403}
    assert not Contact.objects.exists() and not Organisation.objects.exists()
    assert RefusedConnection.objects.get().reason == reason


def test_a_page_of_another_origin_and_an_unknown_host_are_refused(chat_host, open_widget):
    frame, code = refusal(open_widget(origin="https://evil.example", hello=False))
    assert (frame["reason"], code) == ("origin", 4403)
    frame, code = refusal(open_widget(host="nope", hello=False, lang="en"))
    assert frame["message"] == "The chat is not available on this site."
    assert sorted(RefusedConnection.objects.values_list("reason", flat=True)) == [
        "origin",
        "unknown_host",
    ]


def test_an_enterprise_customer_is_sent_to_the_portal_email_or_telegram(chat_host, open_widget):
    enterprise = Organisation.objects.create(
        name="АО «ПромСтрой»", edition=Edition.ENTERPRISE, plan=Plan.ENTERPRISE
    )
    Contact.objects.create(email="ivan@promstroy.example", organisation=enterprise)
    frame, code = refusal(open_widget(identity(email="ivan@promstroy.example", user_id="u-9")))
    assert frame["reason"] == "enterprise" and code == 4403
    assert "портал" in frame["message"] and "Telegram" in frame["message"]
    assert not Organisation.objects.filter(external_id="team-7").exists()


def test_a_message_opens_a_chat_ticket_with_the_teams_sla_and_a_retry_is_stored_once(
    chat_host, open_widget
):
    widget = open_widget()
    widget.receive()
    client_id = uuid.uuid4().hex
    ack = widget.say("Не открывается диаграмма", client_id=client_id)
    assert ack["type"] == "ack" and not ack["duplicate"]
    again = widget.say("Не открывается диаграмма", client_id=client_id)
    assert again["message_id"] == ack["message_id"] and again["duplicate"]
    ticket = Ticket.objects.get(number=ack["ticket"])
    assert ticket.channel == Channel.CHAT
    assert ticket.messages.filter(author_contact__isnull=False).count() == 1
    assert ChatConversation.objects.get(ticket=ticket).host == chat_host
    # Pushed: the message, then the desk's automatic acknowledgement with the same promise
    # (in one frame or two, as the commits fall).
    pushed = pushed_until(widget, lambda u: u.get("message", {}).get("automatic", False))
    conversation = pushed["conversations"][-1]
    assert conversation["promise"]["ru"].startswith("Мы ответим до")
    text = pushed["updates"][-1]["message"]["text"]
    assert text.startswith(f"Спасибо, мы получили ваше сообщение (заявка №{ticket.number})")
    assert "Мы ответим до" in text


def test_what_the_customer_missed_while_away_comes_back_exactly_once(chat_host, open_widget):
    widget = open_widget()
    widget.receive()
    number = widget.say("Первое сообщение")["ticket"]
    seen = widget.until(lambda f: f["type"] == "updates")["updates"][-1]["id"]
    widget.connection.close()

    ticket = Ticket.objects.get(number=number)
    agent = AgentFactory()
    do_send_public_reply(ticket=ticket, agent=agent, body="Посмотрим")
    do_add_internal_note(ticket=ticket, agent=agent, body="Внутренняя заметка")
    do_change_status(ticket=ticket, status=Status.WAITING, agent=agent)
    do_send_public_reply(ticket=ticket, agent=agent, body="Пришлите HAR")

    welcome = open_widget(after=seen).receive()
    kinds = [
        (u["kind"], u.get("message", {}).get("text") or u.get("status")) for u in welcome["updates"]
    ]
    assert ("message", "Посмотрим") in kinds and ("message", "Пришлите HAR") in kinds
    assert ("status", "waiting") in kinds
    assert all("Внутренняя" not in str(text) for _, text in kinds)
    ids = [u["id"] for u in welcome["updates"]]
    assert ids == sorted(set(ids)) and min(ids) > seen
    assert ChatUpdate.objects.filter(id__gt=seen).count() == len(ids)


def test_another_customers_ticket_a_closed_one_and_a_flood_are_refused(
    chat_host, open_widget, settings
):
    settings.SUPPORTDESK_CHAT_MESSAGES_PER_MINUTE = 2
    other = open_widget(identity(user_id="u-1", email="petr@romashka.example"))
    other.receive()
    theirs = other.say("Моя заявка")["ticket"]

    widget = open_widget()
    widget.receive()
    assert widget.say("Чужая", ticket=theirs)["code"] == "not_yours"
    mine = widget.say("Моя")["ticket"]
    Ticket.objects.filter(number=mine).update(status=Status.CLOSED)
    closed = widget.say("Ещё", ticket=mine)
    assert closed["code"] == "closed" and "начните новый" in closed["message"]
    assert widget.say("х" * 4001)["code"] == "too_long"
    widget.say("Два")
    flood = widget.say("Три")
    assert flood["code"] == "rate" and "Подождите минуту" in flood["message"]
    assert Message.objects.filter(body_text="Три").count() == 0


def test_an_agents_reply_reaches_every_open_tab_of_the_customer(chat_host, open_widget):
    first, second = open_widget(), open_widget()
    first.receive(), second.receive()
    number = first.say("Вопрос")["ticket"]
    ticket = Ticket.objects.get(number=number)
    do_send_public_reply(ticket=ticket, agent=AgentFactory(), body="Ответ агента")
    for tab in (first, second):
        frame = tab.until(
            lambda f: (
                f["type"] == "updates"
                and any(u.get("message", {}).get("text") == "Ответ агента" for u in f["updates"])
            )
        )
        assert frame["conversations"][0]["status"] == "open"


def test_frames_that_are_not_the_widgets_get_an_error_and_the_chat_goes_on(chat_host, open_widget):
    widget = open_widget()
    widget.receive()
    widget.connection.send("{not json")
    assert widget.receive()["code"] == "bad_request"
    widget.connection.send(b"\x00\x01binary")
    assert widget.receive()["code"] == "bad_request"
    widget.send(type="teleport", ticket=1)
    assert widget.receive()["code"] == "bad_request"
    widget.send(type="send", client_id="short", text="x")
    assert widget.receive()["code"] == "bad_request"
    assert widget.say("А теперь по-настоящему")["type"] == "ack"

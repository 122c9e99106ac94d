"""The chat widget in Chromium on the demo host page, against the real ASGI server: a customer
writes, an agent in the desk sees it live and answers; the network drops and comes back; forged
and Enterprise identities are turned away; a HAR is sanitised; a phone-sized screen, English,
and a host page whose CSS is hostile."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from supportdesk.chat.models import RefusalReason, RefusedConnection
from supportdesk.customers.models import Contact, Identity, IdentityKind
from supportdesk.ops.demo_data import load_demo_data
from supportdesk.tickets.models import Attachment, Channel, Ticket
from tests.accounts.factories import AgentFactory
from tests.live import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # AgentFactory's
WIDGET = "[data-supportdesk-chat]"
HAR = Path(__file__).parents[1] / "diagnostics/fixtures/har/mitmproxy_sse_authorization_header.har"
HAR_SECRET = b"mob-82856bdd-1e79-4d98-a55f-be43b733543b"
OFFLINE_REPLIES = ["Первый ответ, пока вы без связи", "Второй ответ, пока вы без связи"]
# The brief's stylesheet, and what a careless page also sets on everything (inherited properties,
# which would flow into the widget through its host element if it let them).
HOSTILE_CSS = (
    "* { all: unset !important; color: red !important; font-size: 40px !important }\n"
    "* { line-height: 3 !important; letter-spacing: 6px !important;"
    " text-transform: uppercase !important; font-family: serif !important }"
)
CYRILLIC = re.compile("[А-Яа-яЁё]")
# Everything the widget says or labels: its text and its attributes (placeholders, labels).
WIDGET_WORDS = """host => {
  const root = host.shadowRoot;
  const attributes = [...root.querySelectorAll("*")].flatMap(node =>
    ["placeholder", "aria-label", "title"].map(name => node.getAttribute(name) || ""));
  return [root.textContent, ...attributes].join("\\n");
}"""


@pytest.fixture
def demo(settings: Any, transactional_db: None) -> None:
    settings.SUPPORTDESK_CHAT_DEMO = True
    load_demo_data()


def _customer(browser: Any, base_url: str, query: str = "", **context: Any) -> Any:
    page = browser.new_context(locale="ru-RU", **context).new_page()
    page.goto(f"{base_url}/chat/demo/{query}")
    return page


def _agent(browser: Any, base_url: str) -> Any:
    AgentFactory(username="anna", first_name="Анна")
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{base_url}/desk/login/")
    page.get_by_label("Имя пользователя").fill("anna")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r".*/desk/$"))
    return page


def _desk_frames(page: Any) -> list[str]:
    """What the desk socket tells the agent's page (recorded from before it connects)."""
    frames: list[str] = []
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append(str(payload))),
    )
    return frames


def _open_with_keyboard(page: Any) -> None:
    from playwright.sync_api import expect

    launcher = page.locator(WIDGET).locator(".launcher")
    expect(launcher).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if launcher.evaluate("node => node.getRootNode().activeElement === node"):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    page.keyboard.press("Enter")
    expect(page.locator(WIDGET).locator(".panel")).to_be_visible()
    expect(page.locator(WIDGET).locator("textarea")).to_be_focused()


def _reply(agent: Any, text: str) -> None:
    from playwright.sync_api import expect

    agent.locator("#reply-body").fill(text)
    agent.locator("#reply-form").get_by_role("button", name="Отправить").click()
    expect(agent.locator(".timeline")).to_contain_text(text)


def _mark_page(page: Any) -> None:
    page.evaluate("window.__notReloaded = true")


def _not_reloaded(page: Any) -> bool:
    return bool(page.evaluate("window.__notReloaded === true"))


def test_customer_writes_from_the_demo_page_agent_sees_it_live_and_the_answer_reaches_the_widget(
    demo: None, asgi_server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    agent = _agent(browser, asgi_server)
    desk_frames = _desk_frames(agent)
    agent.reload()  # the queue, with its desk socket recorded
    _mark_page(agent)
    customer = _customer(browser, asgi_server)
    widget = customer.locator(WIDGET)

    _open_with_keyboard(customer)
    customer.keyboard.type("Не сохраняется диаграмма")
    customer.keyboard.press("Enter")
    mine = widget.locator(".msg.customer", has_text="Не сохраняется диаграмма")
    expect(mine.locator(".state")).to_have_text("Отправлено")

    # The queue row comes in without a reload, because the desk socket said something changed.
    row = agent.locator("tr.ticket-row", has_text="Не сохраняется диаграмма")
    expect(row).to_be_visible(timeout=15_000)
    assert _not_reloaded(agent)
    assert any('"changed"' in frame for frame in desk_frames)
    ticket = Ticket.objects.get(channel=Channel.CHAT)
    assert ticket.requester.email == "olga@romashka.example"
    organisation = ticket.requester.organisation
    assert organisation is not None and organisation.name == "ООО «Ромашка»"
    screenshot(agent, "chat-desk-queue-live")

    row.get_by_role("link").first.click()
    expect(agent.locator("h1")).to_contain_text(f"#{ticket.number}")
    # The agent's page shows the message: the customer sees it read.
    expect(mine.locator(".state")).to_have_text("Прочитано", timeout=15_000)

    _mark_page(agent)
    desk_frames.clear()
    customer.keyboard.type("Ошибка появляется при сохранении в PDF")
    expect(agent.get_by_role("status").filter(has_text="Клиент печатает…")).to_be_visible()
    customer.keyboard.press("Enter")
    expect(agent.locator(".timeline")).to_contain_text(
        "Ошибка появляется при сохранении в PDF", timeout=15_000
    )
    assert _not_reloaded(agent)
    assert any('"changed"' in frame for frame in desk_frames)
    screenshot(agent, "chat-desk-ticket-live")

    agent.locator("#reply-body").fill("Здравствуйте!")
    expect(widget.locator(".typing")).to_have_text("Поддержка печатает…")
    _reply(agent, "Здравствуйте! Проверяем экспорт в PDF.")
    answer = widget.locator(".msg.agent", has_text="Здравствуйте! Проверяем экспорт в PDF.")
    expect(answer).to_be_visible(timeout=15_000)
    expect(answer.locator(".who")).to_have_text("Анна")
    expect(widget.locator(".msg.customer .state").last).to_have_text("Прочитано", timeout=15_000)
    screenshot(customer, "chat-widget-ru-conversation")
    customer.keyboard.press("Escape")  # closes the chat, the focus back on the launcher
    expect(widget.locator(".panel")).to_be_hidden()
    expect(widget.locator(".launcher")).to_be_focused()
    assert ticket.messages.filter(body_text__contains="Проверяем экспорт").count() == 1


def test_replies_made_while_the_customer_is_offline_arrive_once_when_the_network_returns(
    demo: None, asgi_server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    agent = _agent(browser, asgi_server)
    customer = _customer(browser, asgi_server)
    widget = customer.locator(WIDGET)
    widget.locator(".launcher").click()
    textarea = widget.locator("textarea")
    textarea.fill("Связь плохая, отвечайте сюда")
    textarea.press("Enter")
    expect(widget.locator(".msg.customer .state")).to_have_text("Отправлено")
    # The desk's acknowledgement ("we have your message") is the one agent message so far.
    expect(widget.locator(".msg.agent")).to_have_count(1)
    ticket = Ticket.objects.get(channel=Channel.CHAT)
    agent.goto(f"{asgi_server}/desk/tickets/{ticket.number}/")
    replies = [widget.locator(".msg.agent", has_text=text) for text in OFFLINE_REPLIES]

    customer.context.set_offline(True)
    expect(widget.locator(".notice")).to_contain_text("Нет связи")
    for text in OFFLINE_REPLIES:
        _reply(agent, text)
    screenshot(customer, "chat-widget-ru-offline")
    for reply in replies:  # the widget really is cut off: nothing reaches it
        expect(reply).to_have_count(0)

    customer.context.set_offline(False)
    for reply in replies:
        expect(reply).to_have_count(1, timeout=30_000)
    expect(widget.locator(".notice")).not_to_contain_text("Нет связи")
    # Drop and come back once more: what the widget has already seen is not brought in again.
    customer.context.set_offline(True)
    expect(widget.locator(".notice")).to_contain_text("Нет связи")
    customer.context.set_offline(False)
    expect(widget.locator(".notice")).not_to_contain_text("Нет связи", timeout=30_000)
    for reply in replies:
        expect(reply).to_have_count(1)
    expect(widget.locator(".msg.agent")).to_have_count(3)
    expect(widget.locator(".msg.customer")).to_have_count(1)
    assert ticket.messages.filter(body_text__in=OFFLINE_REPLIES).count() == 2


def test_a_forged_identity_is_refused_in_russian_and_nothing_of_it_is_stored(
    demo: None, asgi_server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    contacts = set(Contact.objects.values_list("pk", flat=True))
    customer = _customer(browser, asgi_server, "?as=forged")
    widget = customer.locator(WIDGET)
    widget.locator(".launcher").click()
    expect(widget.locator(".notice")).to_have_text(
        "Чату не удалось подтвердить, кто вы. Обновите страницу; если не поможет, "
        "напишите нам по почте или через портал поддержки."
    )
    expect(widget.locator("form")).to_be_hidden()
    expect(widget.get_by_role("button", name="Новый разговор")).to_be_hidden()
    screenshot(customer, "chat-widget-ru-forged")
    assert set(Contact.objects.values_list("pk", flat=True)) == contacts
    assert not Identity.objects.filter(kind=IdentityKind.CHAT).exists()
    assert not Ticket.objects.filter(channel=Channel.CHAT).exists()
    # What the administrator sees in the list of refused connections.
    assert RefusedConnection.objects.filter(reason=RefusalReason.FORGED).count() == 1


def test_an_enterprise_contact_is_sent_politely_to_the_portal_email_or_telegram(
    demo: None, asgi_server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    customer = _customer(browser, asgi_server, "?as=enterprise")
    widget = customer.locator(WIDGET)
    widget.locator(".launcher").click()
    expect(widget.locator(".notice")).to_have_text(
        "Чат — для клиентов облачной версии. Вы клиент Enterprise: пожалуйста, напишите нам "
        "через портал поддержки, по почте или в Telegram — там ваши заявки обрабатываются по "
        "вашему договору Enterprise."
    )
    expect(widget.locator("form")).to_be_hidden()
    screenshot(customer, "chat-widget-ru-enterprise")
    assert not Ticket.objects.filter(channel=Channel.CHAT).exists()
    assert not Identity.objects.filter(kind=IdentityKind.CHAT).exists()


# The browser says Russian (ru-RU) in both: the notice follows the host page's language.
@pytest.mark.parametrize(
    ("language", "attach", "removed", "sent_state"),
    [
        ("ru", "Прикрепить файл", "Из HAR-файла перед сохранением удалено", "Отправлено"),
        ("en", "Attach a file", "Removed from the HAR file before saving", "Sent"),
    ],
)
def test_a_har_attached_in_the_widget_is_stored_without_its_secrets_and_says_what_was_removed(
    demo: None,
    asgi_server: str,
    browser: Any,
    language: str,
    attach: str,
    removed: str,
    sent_state: str,
) -> None:
    from playwright.sync_api import expect

    customer = _customer(browser, asgi_server, f"?lang={language}")
    widget = customer.locator(WIDGET)
    widget.locator(".launcher").click()
    expect(widget.locator(".msg.customer")).to_have_count(0)
    with customer.expect_file_chooser() as chooser:
        widget.get_by_role("button", name=attach).click()
    chooser.value.set_files(str(HAR))

    sent = widget.locator(".msg.customer", has_text=HAR.name)
    expect(sent.locator(".file-note")).to_contain_text(removed, timeout=15_000)
    expect(sent.locator(".state")).to_have_text(sent_state)
    screenshot(customer, f"chat-widget-{language}-har")
    (attachment,) = Attachment.objects.filter(message__ticket__channel=Channel.CHAT)
    assert attachment.filename == HAR.name
    stored = attachment.file.read()
    assert HAR_SECRET in HAR.read_bytes() and HAR_SECRET not in stored
    assert b'"log"' in stored


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_panel_fits_the_screen_and_speaks_the_host_pages_language(
    demo: None, asgi_server: str, browser: Any, language: str, width: int
) -> None:
    from playwright.sync_api import expect

    height = 740 if width == 360 else 800
    customer = _customer(
        browser,
        asgi_server,
        f"?as=team&lang={language}",
        viewport={"width": width, "height": height},
        is_mobile=width == 360,
        has_touch=width == 360,
    )
    widget = customer.locator(WIDGET)
    widget.locator(".launcher").click()
    placeholder = "Write a message…" if language == "en" else "Напишите сообщение…"
    expect(widget.locator("textarea")).to_have_attribute("placeholder", placeholder)
    widget.locator("textarea").fill("Hello" if language == "en" else "Здравствуйте")
    widget.locator("textarea").press("Enter")
    expect(widget.locator(".msg.customer .state")).to_have_text(
        "Sent" if language == "en" else "Отправлено"
    )

    panel = widget.locator(".panel").bounding_box()
    assert panel is not None
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= height
    launcher = widget.locator(".launcher").bounding_box()
    assert launcher is not None and launcher["y"] >= panel["y"] + panel["height"]
    send = widget.get_by_role("button", name="Send" if language == "en" else "Отправить")
    box = send.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    words = widget.evaluate(WIDGET_WORDS)
    if language == "en":
        assert not CYRILLIC.search(words), words
    else:
        assert "Поддержка" in words
    screenshot(customer, f"chat-widget-{language}-{width}")


def test_a_host_page_with_hostile_css_does_not_move_or_reshape_the_widget(
    demo: None, asgi_server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    # A host application's own stylesheet (bypass_csp: the demo page's CSP forbids inline styles).
    customer = _customer(
        browser, asgi_server, viewport={"width": 1280, "height": 800}, bypass_csp=True
    )
    widget = customer.locator(WIDGET)
    launcher = widget.locator(".launcher")
    launcher.click()
    expect(widget.locator(".panel")).to_be_visible()
    before = _layout(widget)

    customer.add_style_tag(content=HOSTILE_CSS)
    expect(customer.locator("h1")).to_have_css("font-size", "40px")  # the page did change
    assert _layout(widget) == before
    expect(widget.locator("textarea")).to_have_css("font-size", "14px")
    expect(widget.locator(".panel header h2")).to_have_css("letter-spacing", "normal")
    expect(widget.locator(".msg, .empty").first).not_to_have_css("color", "rgb(255, 0, 0)")
    screenshot(customer, "chat-widget-hostile-css")


def _layout(widget: Any) -> dict[str, Any]:
    return {
        name: widget.locator(selector).bounding_box()
        for name, selector in [
            ("launcher", ".launcher"),
            ("panel", ".panel"),
            ("textarea", "textarea"),
            ("send", ".send"),
        ]
    }

"""An agent works a ticket in Chromium against the real ASGI server; a colleague sees it live."""

import re

import pytest
from django.utils import timezone

from supportdesk.tickets.models import CriticalClaim, MessageKind, Status, Ticket
from tests.accounts.factories import AgentFactory
from tests.live import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _login(context, base_url: str, username: str):
    page = context.new_page()
    page.goto(f"{base_url}/desk/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r".*/desk/$"))
    return page


def test_agent_finds_replies_sets_status_confirms_critical_and_colleague_sees_it_live(
    asgi_server, browser, open_ticket
):
    from playwright.sync_api import expect

    anna = AgentFactory(username="anna", first_name="Анна")
    AgentFactory(username="boris", first_name="Борис")
    open_ticket(at=timezone.now(), subject="Отчёт строится медленно")
    urgent = open_ticket(at=timezone.now(), subject="Никто не может войти", critical_claim=True)
    Ticket.objects.filter(pk=urgent.pk).update(sla_due_at=timezone.now())  # nearest deadline

    agent_page = _login(browser.new_context(locale="ru-RU"), asgi_server, "anna")
    colleague = _login(browser.new_context(locale="ru-RU"), asgi_server, "boris")
    colleague.goto(f"{asgi_server}/desk/tickets/{urgent.number}/")

    agent_page.get_by_role("link", name=re.compile("Скоро срок")).click()
    first_row = agent_page.locator("tr.ticket-row").first
    expect(first_row).to_contain_text("Никто не может войти")
    screenshot(agent_page, "workspace-due-soon")
    first_row.get_by_role("link", name="Никто не может войти").click()

    agent_page.locator("#reply-body").fill("Здравствуйте! Уже разбираемся.")
    agent_page.get_by_role("button", name="Отправить").click()
    expect(agent_page.locator(".timeline")).to_contain_text("Уже разбираемся")

    agent_page.locator("#critical-form input[name=reason]").fill("Вход недоступен всем")
    agent_page.get_by_role("button", name="Подтвердить критичность").click()
    expect(agent_page.locator(".meta .critical")).to_be_visible()

    agent_page.locator("select[name=status]").select_option("waiting")
    agent_page.locator("#status-submit").click()
    expect(agent_page.locator("#ticket-status")).to_have_text("Ждёт ответа клиента")
    screenshot(agent_page, "workspace-ticket")

    # Boris never reloaded: htmx polling brings Anna's reply and the events in.
    expect(colleague.locator(".timeline")).to_contain_text("Уже разбираемся", timeout=15_000)
    expect(colleague.locator(".timeline")).to_contain_text(
        "Критичность подтверждена", timeout=15_000
    )
    screenshot(colleague, "workspace-colleague-live")

    urgent.refresh_from_db()
    assert urgent.status == Status.WAITING
    assert urgent.critical_claim == CriticalClaim.CONFIRMED
    assert urgent.messages.filter(kind=MessageKind.PUBLIC, author_agent=anna).count() == 1


def test_a_tracking_image_in_mail_is_not_loaded_until_the_agent_asks(
    asgi_server, browser, open_ticket
):
    import http.server
    import threading

    from playwright.sync_api import expect

    hits: list[str] = []

    class Pixel(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.end_headers()
            self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

        def log_message(self, *args):
            pass

    tracker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pixel)
    threading.Thread(target=tracker.serve_forever, daemon=True).start()
    pixel = f"http://127.0.0.1:{tracker.server_port}/open.gif"
    try:
        AgentFactory(username="anna")
        ticket = open_ticket(
            at=timezone.now(), html=f'<p>Скриншот ниже</p><img src="{pixel}" alt="px">'
        )
        page = _login(browser.new_context(locale="ru-RU"), asgi_server, "anna")
        page.goto(f"{asgi_server}/desk/tickets/{ticket.number}/")
        expect(page.locator(".timeline")).to_contain_text("Скриншот ниже")
        page.wait_for_load_state("networkidle")
        assert hits == []
        screenshot(page, "workspace-remote-images-hidden")
        page.get_by_role("link", name="Показать изображения").click()
        page.wait_for_load_state("networkidle")
        assert hits == ["/open.gif"]
    finally:
        tracker.shutdown()


def test_a_ticket_with_a_long_unbroken_line_fits_a_1366_px_window(
    asgi_server, browser, open_ticket
):
    AgentFactory(username="anna", first_name="Анна")
    url = "https://app.example.com/diagrams/" + "a1b2c3d4" * 40
    ticket = open_ticket(at=timezone.now(), text=f"Не открывается {url}")
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 768})
    page = _login(context, asgi_server, "anna")
    page.goto(f"{asgi_server}/desk/tickets/{ticket.number}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "workspace-ticket-1366")
    assert width <= 1366, width
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).status == 200

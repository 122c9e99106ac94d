"""A customer registers, confirms by email, files a request with a real HAR and talks to
support — in Chromium, against the real ASGI server, with mail through a real SMTP sink."""

import re

import pytest

from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.models import Ticket
from tests.customers.factories import OrganisationDomainFactory
from tests.live import screenshot
from tests.portal.conftest import HAR_WITH_COOKIES
from tests.sla.factories import EnterpriseOrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp_sink(settings):
    from tests.mail.servers import running_smtp_sink

    with running_smtp_sink() as sink:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": sink.port},
            }
        }
        yield sink


def test_register_confirm_request_with_har_see_due_time_and_talk_to_support(
    asgi_server, browser, smtp_sink, agent, customer_factory
):
    from playwright.sync_api import expect

    organisation = EnterpriseOrganisationFactory(name="АО «ПромСтрой»")
    OrganisationDomainFactory(organisation=organisation, domain="promstroy.example")
    page = browser.new_context(locale="ru-RU").new_page()

    page.goto(f"{asgi_server}/portal/register/")
    page.get_by_label("Ваше имя").fill("Иван Петров")
    page.get_by_label("Эл. почта").fill("ivan@promstroy.example")
    page.get_by_label("Пароль").fill("Надёжный-пароль-2026")
    page.get_by_role("button", name="Регистрация").click()
    expect(page.locator("h1")).to_have_text("Проверьте почту")

    (confirmation,) = smtp_sink.received
    assert confirmation["To"] == "ivan@promstroy.example"
    link = re.search(r"https?://\S+/portal/confirm/\S+/", confirmation.get_content()).group(0)
    page.goto(link.replace("http://testserver", asgi_server))
    expect(page.locator("h1")).to_have_text("Мои заявки")

    page.get_by_role("link", name="Новая заявка").first.click()
    page.get_by_label("Тема").fill("Экспорт диаграммы падает с ошибкой")
    page.get_by_label("Описание").fill("При экспорте в PNG страница показывает ошибку 500.")
    page.get_by_label("Шаги воспроизведения").fill("1. Открыть диаграмму\n2. Файл → Экспорт → PNG")
    page.get_by_label("HAR-архив").set_input_files(str(HAR_WITH_COOKIES))
    screenshot(page, "portal-new-request")
    page.get_by_role("button", name="Отправить заявку").click()

    expect(page.locator(".messages")).to_contain_text("Мы ответим до")
    expect(page.locator(".messages")).to_contain_text("Из HAR-файла перед сохранением удалено")
    expect(page.locator("#promise-response")).to_contain_text("МСК")
    ticket = Ticket.objects.get()
    assert ticket.channel == "portal" and ticket.reproduction_steps.startswith("1. Открыть")

    do_send_public_reply(ticket=ticket, agent=agent, body="Пришлите, пожалуйста, лог браузера.")
    page.reload()
    expect(page.locator(".conversation")).to_contain_text("Пришлите, пожалуйста, лог браузера.")
    page.get_by_label("Ваш ответ").fill("Лог приложил, ошибка в консоли: TypeError.")
    page.get_by_role("button", name="Отправить").click()
    expect(page.locator(".conversation")).to_contain_text("ошибка в консоли: TypeError")
    screenshot(page, "portal-request")
    notified = [m for m in smtp_sink.received if f"[#{ticket.number}]" in str(m["Subject"])]
    assert notified, [str(m["Subject"]) for m in smtp_sink.received]

    stranger = customer_factory("eve@other.example")
    other = browser.new_context(locale="ru-RU").new_page()
    other.goto(f"{asgi_server}/portal/login/")
    other.get_by_label("Эл. почта").fill(stranger.email)
    other.get_by_label("Пароль").fill("correct horse battery")
    other.get_by_role("button", name="Войти").click()
    expect(other.locator("h1")).to_have_text("Мои заявки")
    response = other.goto(f"{asgi_server}/portal/requests/{ticket.number}/")
    assert response.status == 404

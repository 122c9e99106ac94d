"""The admin's script-written texts read in the page's language (a tour found the time zone note
under a date-and-time field in English on a Russian page)."""

import re

import pytest

from tests.accounts.factories import AgentFactory
from tests.live import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "note"),
    [
        (
            "ru",
            "Время вводится в часовом поясе Europe/Moscow: ваши часы отстают от него на 3 часа.",
        ),
        ("en", "Note: Enter times in the Europe/Moscow timezone. (You are 3 hours behind.)"),
    ],
)
def test_time_zone_note_under_a_date_time_field_is_in_the_page_language(
    asgi_server, browser, language, note
):
    from playwright.sync_api import expect

    AgentFactory(username="root", is_superuser=True)
    # A browser three hours behind Moscow (which keeps no summer time) all year round.
    context = browser.new_context(locale="ru-RU", timezone_id="UTC")
    context.add_cookies([{"name": "django_language", "value": language, "url": asgi_server}])
    page = context.new_page()
    page.goto(f"{asgi_server}/admin/login/?next=/admin/api/apitoken/add/")
    page.locator("input[name=username]").fill("root")
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r".*/admin/api/apitoken/add/$"))
    expect(page.locator(".timezonewarning")).to_have_text(note)
    screenshot(page, f"admin-timezone-note-{language}")
    context.close()

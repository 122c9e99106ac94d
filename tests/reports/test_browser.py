"""An agent reads the SLA report in Chromium, in Russian and English, and downloads exports."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.accounts.factories import AgentFactory
from tests.live import ARTIFACTS, screenshot
from tests.reports.test_report import history  # noqa: F401 — the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
NOVEMBER = "/desk/reports/?period=custom&start=2026-11-01&end=2026-11-30"


def _login(context, base_url: str):
    AgentFactory(username="olga", first_name="Ольга")
    page = context.new_page()
    page.goto(f"{base_url}/desk/login/")
    page.locator("input[name=username]").fill("olga")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r".*/desk/$"))
    return page


def _charts_drawn(page) -> None:
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 4
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 60
    # Bars and the backlog's line are drawn, not just empty frames.
    assert page.locator("svg rect.met").count() >= 2
    assert page.locator("svg rect.breached").count() >= 2
    assert page.locator("svg path.line").get_attribute("d").count("L") == 29


def test_agent_reads_the_report_in_russian_and_english_and_downloads_exports(
    asgi_server,
    browser,
    history,  # noqa: F811
):
    from playwright.sync_api import expect

    context = browser.new_context(
        locale="ru-RU", accept_downloads=True, viewport={"width": 1366, "height": 900}
    )
    page = _login(context, asgi_server)
    page.get_by_role("link", name="Отчёты").click()
    expect(page.locator("h1")).to_have_text("Отчёт по SLA")
    page.goto(asgi_server + NOVEMBER)
    expect(page.locator("#chart-plan-title")).to_have_text("Первый ответ по тарифам")
    expect(page.locator("#breached")).to_contain_text("Ожидает нас")
    _charts_drawn(page)
    screenshot(page, "reports-ru")

    with page.expect_download() as download:
        page.locator("#breached a", has_text="XLSX").click()
    assert download.value.suggested_filename == "sla-breached-2026-11-01-2026-11-30.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Заявка" and rows[3][6:] == (19, 0, 3)

    with page.expect_download() as download:
        page.locator("#volume_channel a", has_text="CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[:2] == ["Канал,Заявки", "Эл. почта,3"]

    context.add_cookies([{"name": "django_language", "value": "en", "url": asgi_server}])
    page.goto(asgi_server + NOVEMBER)
    expect(page.locator("h1")).to_have_text("SLA report")
    expect(page.locator("#chart-plan-title")).to_have_text("First response by plan")
    expect(page.locator("#breached")).to_contain_text("Waiting on us")
    _charts_drawn(page)
    screenshot(page, "reports-en")
    page.locator(".charts").screenshot(path=str(ARTIFACTS / "reports-en-charts.png"))
    page.emulate_media(media="print")
    expect(page.locator(".period-form")).to_be_hidden()
    screenshot(page, "reports-en-print")
    context.close()

"""The interactive docs at /api/v1/docs work with no internet: Swagger UI comes from our own
static files, and the Content-Security-Policy lets it run."""

from __future__ import annotations

import pytest

from tests.live import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_list_the_operations_with_every_other_host_unreachable(asgi_server, browser):
    from playwright.sync_api import expect

    context = browser.new_context()
    outside: list[str] = []

    def only_the_desk(route) -> None:
        if route.request.url.startswith(asgi_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_desk)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{asgi_server}/api/v1/docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    screenshot(page, "api-v1-docs-offline")
    assert any("/api/v1/tickets" in path for path in paths), paths
    assert outside == []
    assert refused == []

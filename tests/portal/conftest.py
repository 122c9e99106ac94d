from pathlib import Path

import pytest

HAR_WITH_COOKIES = (
    Path(__file__).resolve().parents[1]
    / "diagnostics/fixtures/har/chrome_devtools_google_cookies.har"
)


@pytest.fixture
def customer(customer_factory):
    return customer_factory()


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer.user)
    return client

import pytest

from supportdesk.customers.models import Plan
from tests.sla.conftest import open_ticket  # noqa: F401 — shared fixture

__all__ = ["Plan"]


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client

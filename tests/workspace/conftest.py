from tests.sla.conftest import open_ticket  # noqa: F401 — shared fixture

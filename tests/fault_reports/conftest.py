from pathlib import Path

from tests.collect.conftest import fake_bin, run_collector  # noqa: F401 — shared fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "diagnostics" / "fixtures"
HAR_WITH_COOKIES = FIXTURES / "har" / "chrome_devtools_google_cookies.har"
JAVA_LOG = FIXTURES / "logs" / "multiline_java_exception_go_panic.log"

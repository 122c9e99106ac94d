import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from supportdesk.diagnostics import summarize_har

HAR_DIR = Path(__file__).parent / "fixtures" / "har"


@pytest.mark.parametrize(
    ("name", "browser", "source"),
    [
        ("chrome_devtools_google_cookies.har", "Chrome 110.0.0.0", "user_agent"),
        ("chrome_export_with_utf8_bom.har", "Chrome 114.0.0.0", "user_agent"),
        ("chrome_har_503_errors_large.har", "Chrome 60.0.3112.78", "har_browser"),
        ("cnn_chrome_har_capturer_large.har", "HeadlessChrome 62.0.3202", "user_agent"),
        ("cnn_firebug_firefox.har", "Firefox 25.0.1", "har_browser"),
        ("safari_webkit_export.har", "Safari 16.3", "user_agent"),
    ],
)
def test_browser_comes_from_log_browser_or_else_the_user_agent(
    name: str, browser: str, source: str
) -> None:
    summary = summarize_har(HAR_DIR / name)
    assert summary.browser is not None
    assert summary.browser.label == browser
    assert summary.browser.source == source


def test_a_non_browser_client_yields_no_browser_but_keeps_the_creator_and_user_agent() -> None:
    summary = summarize_har(HAR_DIR / "mitmproxy_sse_authorization_header.har")
    assert summary.browser is None
    assert summary.creator == "mitmproxy 1.2.3"
    assert summary.user_agents == ("AndroidClient/3.6.0",)


def test_http_503s_are_failed_requests_with_method_url_status_and_timing() -> None:
    summary = summarize_har(HAR_DIR / "chrome_har_503_errors_large.har")
    assert summary.request_count == 270
    assert summary.failed_count == 94
    assert summary.page_count == 9
    first = summary.failed_requests[0]
    assert (first.method, first.status) == ("GET", 503)
    assert first.url.startswith("http://loremflickr.com/")
    assert first.time_ms is not None and first.time_ms > 0
    assert summary.first_failure_at == datetime(2018, 3, 27, 20, 53, 28, 14000, tzinfo=UTC)
    assert summary.started == datetime(2018, 3, 27, 20, 53, 27, 842000, tzinfo=UTC)
    assert summary.duration_ms is not None and 115_000 < summary.duration_ms < 115_100


def test_network_errors_and_aborted_requests_are_failures() -> None:
    chrome = summarize_har(HAR_DIR / "chrome_devtools_google_cookies.har")
    assert [(r.status, r.error) for r in chrome.failed_requests] == [
        (0, "net::ERR_INTERNET_DISCONNECTED")
    ]
    firefox = summarize_har(HAR_DIR / "cnn_firebug_firefox.har")
    assert [r.status for r in firefox.failed_requests] == [0]
    pacific = timezone(timedelta(hours=-8))
    assert firefox.first_failure_at == datetime(2015, 2, 21, 19, 15, 39, 478000, tzinfo=pacific)


def test_slowest_requests_come_first_and_are_bounded() -> None:
    summary = summarize_har(HAR_DIR / "cnn_chrome_har_capturer_large.har")
    times = [r.time_ms for r in summary.slowest_requests]
    assert len(times) == 10
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    assert summary.slowest_requests[0].url.startswith("http://cdn.krxd.net/")
    assert summary.transferred_bytes == 2609508


def test_summary_urls_are_sanitised(tmp_path: Path) -> None:
    raw = (HAR_DIR / "chrome_export_with_utf8_bom.har").read_bytes().decode("utf-8-sig")
    raw = raw.replace(
        "https://signal-metrics-collector-beta.s-onetag.com/metrics",
        "https://x.example/m?token=abc123",
    )
    path = tmp_path / "with-token.har"
    path.write_text(raw)
    summary = summarize_har(path)
    assert summary.slowest_requests[0].url == "https://x.example/m?token=[REDACTED]"


def test_summary_to_dict_is_json_ready() -> None:
    summary = summarize_har(HAR_DIR / "cnn_firebug_firefox.har")
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["browser"]["product"] == "Firefox"
    assert data["pages"][0]["title"].startswith("Breaking News")
    assert data["first_failure_at"] == "2015-02-21T19:15:39.478000-08:00"

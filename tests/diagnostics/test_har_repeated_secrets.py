"""A value removed as a secret in one place is replaced wherever else it occurs in the archive."""

import json
from pathlib import Path
from typing import Any

import pytest

from supportdesk.diagnostics import sanitize_and_summarize_har

HAR_DIR = Path(__file__).parent / "fixtures" / "har"
COOKIE = "42985602780892980519"
TOKEN = "tok_9f8e7d6c5b4a"
PASSWORD = "hunter2-Correct"


def _removed_values(document: dict[str, Any]) -> set[str]:
    """Every cookie value of the original archive long enough to count as a secret."""
    values = set()
    for entry in document["log"]["entries"]:
        for side in ("request", "response"):
            for cookie in entry[side].get("cookies") or []:
                if len(str(cookie.get("value") or "").strip()) >= 6:
                    values.add(str(cookie["value"]).strip())
    return values


@pytest.mark.parametrize("name", ["chrome_har_503_errors_large.har", "cnn_firebug_firefox.har"])
def test_no_cookie_value_of_a_real_archive_survives_anywhere(name: str, tmp_path: Path) -> None:
    # Before: 12 (chrome-har) and 8 (Firebug) cookie values stayed in URLs, Referers and bodies.
    source = HAR_DIR / name
    values = _removed_values(json.loads(source.read_bytes().decode("utf-8-sig")))
    analysis = sanitize_and_summarize_har(source, tmp_path / "clean.har")
    clean = (tmp_path / "clean.har").read_text(encoding="utf-8")
    summary = json.dumps(analysis.to_dict(), ensure_ascii=False)
    assert [value for value in values if value in clean] == []
    assert [value for value in values if value in summary] == []
    assert analysis.redactions.repeated > 0
    json.loads(clean)


def _pixel_archive() -> dict[str, Any]:
    pixel = f"https://pixel.example/idsync/ex/receive?partner_id=2485&partner_device_id={COOKIE}"
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebPageTest", "version": "1"},
            "pages": [{"id": "page_1", "title": f"https://news.example/?u={COOKIE}"}],
            "entries": [
                {
                    "pageref": "page_1",
                    "startedDateTime": "2026-12-06T10:00:00Z",
                    "time": 5,
                    "request": {
                        "method": "POST",
                        "url": "https://news.example/login",
                        "headers": [
                            {"name": "Cookie", "value": f"KADUSERCOOKIE={COOKIE}; theme=dark"},
                            {"name": "Authorization", "value": f"Bearer {TOKEN}"},
                        ],
                        "cookies": [{"name": "KADUSERCOOKIE", "value": COOKIE}],
                        "queryString": [],
                        "postData": {
                            "mimeType": "application/x-www-form-urlencoded",
                            "text": f"user=anna&password={PASSWORD}",
                        },
                    },
                    "response": {
                        "status": 302,
                        "statusText": "Found",
                        "headers": [{"name": "Location", "value": pixel}],
                        "cookies": [],
                        "redirectURL": pixel,
                        "content": {
                            "mimeType": "text/plain",
                            "text": f"echo {TOKEN} and {PASSWORD} back",
                        },
                    },
                    "_initiator": {"type": "script", "url": pixel, "stack": f"at {pixel}"},
                    "timings": {"wait": 5},
                },
                {
                    "pageref": "page_1",
                    "startedDateTime": "2026-12-06T10:00:01Z",
                    "time": 900,
                    "request": {
                        "method": "GET",
                        "url": pixel + f"&t={TOKEN}",
                        "headers": [{"name": "Referer", "value": pixel}],
                        "queryString": [{"name": "partner_device_id", "value": COOKIE}],
                    },
                    "response": {"status": 0, "statusText": "", "headers": [], "content": {}},
                    "timings": {"wait": 900},
                },
            ],
        }
    }


def test_a_cookie_value_repeated_in_pixels_redirects_bodies_and_pages_is_replaced(
    tmp_path: Path,
) -> None:
    source = tmp_path / "pixel.har"
    source.write_text(json.dumps(_pixel_archive(), indent=2))
    analysis = sanitize_and_summarize_har(source, tmp_path / "clean.har")
    clean = (tmp_path / "clean.har").read_text()
    everything = clean + json.dumps(analysis.to_dict())
    for secret in (COOKIE, TOKEN, PASSWORD):
        assert secret not in everything
    report = analysis.redactions
    assert report.count("repeated_cookie") >= 6  # two URLs, Location, redirectURL, initiator x2
    assert report.count("repeated_header") >= 2  # the second URL and the response text
    assert report.count("repeated_form_param") == 1
    assert "KADUSERCOOKIE" in report.names("repeated_cookie")
    assert "partner_id=2485" in clean  # only the values go, the rest stays readable
    assert analysis.summary.failed_requests[0].url.endswith(
        "partner_device_id=[REDACTED]&t=[REDACTED]"
    )

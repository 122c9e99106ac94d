import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.diagnostics import REDACTED, sanitize_har

HAR_DIR = Path(__file__).parent / "fixtures" / "har"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


def sanitized(data: bytes | dict[str, Any], **options: Any) -> tuple[dict[str, Any], Any, bytes]:
    raw = json.dumps(data).encode() if isinstance(data, dict) else data
    out = io.BytesIO()
    report = sanitize_har(io.BytesIO(raw), out, **options)
    return json.loads(out.getvalue()), report, out.getvalue()


def har(*entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "test", "version": "1"},
            "entries": list(entries),
        }
    }


def entry(
    request: dict[str, Any] | None = None, response: dict[str, Any] | None = None
) -> dict[str, Any]:
    base_request = {
        "method": "GET",
        "url": "https://app.example/",
        "headers": [],
        "cookies": [],
        "queryString": [],
    }
    base_response = {
        "status": 200,
        "statusText": "OK",
        "headers": [],
        "cookies": [],
        "content": {"size": 0},
    }
    return {
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "time": 12.5,
        "request": base_request | (request or {}),
        "response": base_response | (response or {}),
        "timings": {"send": 1, "wait": 10, "receive": 1.5},
    }


def test_google_session_cookies_lose_their_values_but_keep_their_names() -> None:
    raw = (HAR_DIR / "chrome_devtools_google_cookies.har").read_bytes()
    original = json.loads(raw)
    secrets = {c["value"] for e in original["log"]["entries"] for c in e["request"]["cookies"]}
    document, report, out = sanitized(raw)
    for value in secrets:
        assert value.encode() not in out
    cookies = document["log"]["entries"][2]["request"]["cookies"]
    assert {c["name"] for c in cookies} >= {"SID", "HSID", "__Secure-1PSID"}
    assert {c["value"] for c in cookies} == {REDACTED}
    cookie_header = next(
        h["value"]
        for h in document["log"]["entries"][2]["request"]["headers"]
        if h["name"] == "cookie"
    )
    assert cookie_header.startswith(f"SID={REDACTED}; ")
    assert report.count("cookie") == 2 * len(cookies)
    assert "SID" in report.names("cookie")


def test_authorization_header_value_is_removed_and_its_scheme_kept() -> None:
    document, report, out = sanitized(
        (HAR_DIR / "mitmproxy_sse_authorization_header.har").read_bytes()
    )
    assert b"mob-82856bdd" not in out
    headers = document["log"]["entries"][0]["request"]["headers"]
    assert {"name": "authorization", "value": f"api_key {REDACTED}"} in headers
    assert report.count("header") == 2
    assert report.names("header") == ("authorization",)


def test_set_cookie_values_go_and_attributes_stay_in_a_chrome_export() -> None:
    raw = (HAR_DIR / "chrome_har_503_errors_large.har").read_bytes()
    original = json.loads(raw)
    document, report, _ = sanitized(raw)
    pairs = [
        (before, after)
        for e_before, e_after in zip(
            original["log"]["entries"], document["log"]["entries"], strict=True
        )
        for before, after in zip(
            e_before["response"]["headers"], e_after["response"]["headers"], strict=True
        )
        if before["name"].lower() == "set-cookie"
    ]
    assert len(pairs) == 135
    for before, after in pairs:  # Chrome joins several Set-Cookie headers with newlines
        for line_before, line_after in zip(
            before["value"].split("\n"), after["value"].split("\n"), strict=True
        ):
            name, _, value = line_before.split(";")[0].partition("=")
            assert line_after.startswith(f"{name}={REDACTED}" if value else f"{name}=;")
            assert line_after.split(";")[1:] == line_before.split(";")[1:]
    assert report.count("cookie") > 135


@pytest.mark.parametrize("path", sorted(HAR_DIR.glob("*.har")), ids=lambda p: p.name)
def test_sanitising_keeps_every_entry_and_everything_that_is_not_a_secret(path: Path) -> None:
    raw = path.read_bytes()
    original = json.loads(raw.decode("utf-8-sig"))
    document, _, _ = sanitized(raw)
    assert document.keys() == original.keys()
    assert list(document["log"]) == list(original["log"])
    assert len(document["log"]["entries"]) == len(original["log"]["entries"])
    for before, after in zip(original["log"]["entries"], document["log"]["entries"], strict=True):
        assert after["response"]["status"] == before["response"]["status"]
        assert after["timings"] == before["timings"]
        assert [h["name"] for h in after["request"]["headers"]] == [
            h["name"] for h in before["request"]["headers"]
        ]


def test_token_like_query_parameters_are_removed_from_query_string_url_and_referer() -> None:
    url = "https://app.example/cb?code_challenge=x&access_token=SECRET1&page=2#id_token=SECRET2&state=ok"
    document, report, out = sanitized(
        har(
            entry(
                {
                    "url": url,
                    "queryString": [
                        {"name": "access_token", "value": "SECRET1"},
                        {"name": "page", "value": "2"},
                    ],
                    "headers": [
                        {"name": "Referer", "value": "https://app.example/?session_id=SECRET3"}
                    ],
                },
                {"redirectURL": "https://db.example/login?password=SECRET4", "status": 302},
            )
        )
    )
    assert b"SECRET" not in out
    request = document["log"]["entries"][0]["request"]
    assert request["url"] == (
        f"https://app.example/cb?code_challenge=x&access_token={REDACTED}&page=2#id_token={REDACTED}&state=ok"
    )
    assert request["queryString"][1] == {"name": "page", "value": "2"}
    assert report.count("query_param") == 1
    assert set(report.names("url")) == {"access_token", "id_token", "session_id", "password"}


def test_a_parameter_after_a_second_question_mark_is_still_redacted() -> None:
    url = "https://app.example/cb?next=/home?access_token=SECRET1&page=2"
    document, _, out = sanitized(har(entry({"url": url})))
    assert b"SECRET" not in out
    assert document["log"]["entries"][0]["request"]["url"] == (
        f"https://app.example/cb?next=/home?access_token={REDACTED}&page=2"
    )


def test_credentials_in_a_url_are_removed() -> None:
    document, report, _ = sanitized(har(entry({"url": "https://admin:hunter2@app.example/"})))
    assert (
        document["log"]["entries"][0]["request"]["url"] == f"https://admin:{REDACTED}@app.example/"
    )
    assert report.count("url") == 1


@pytest.mark.parametrize(
    ("mime", "text", "expected"),
    [
        (
            "application/x-www-form-urlencoded",
            "username=bob&password=SECRET&remember=1",
            f"username=bob&password={REDACTED}&remember=1",
        ),
        (
            "application/json",
            '{"user": {"login": "bob", "password": "SECRET", "apiKey": "SECRET"}, "n": 1}',
            f'{{"user": {{"login": "bob", "password": "{REDACTED}", "apiKey": "{REDACTED}"}}, "n": 1}}',
        ),
        (
            "multipart/form-data; boundary=XX",
            '--XX\r\nContent-Disposition: form-data; name="client_secret"\r\n\r\nSECRET\r\n--XX--\r\n',
            f'--XX\r\nContent-Disposition: form-data; name="client_secret"\r\n\r\n{REDACTED}\r\n--XX--\r\n',
        ),
    ],
)
def test_secret_form_and_json_fields_in_request_bodies_are_removed(
    mime: str, text: str, expected: str
) -> None:
    document, report, out = sanitized(
        har(
            entry(
                {
                    "method": "POST",
                    "postData": {
                        "mimeType": mime,
                        "text": text,
                        "params": [
                            {"name": "password", "value": "SECRET"},
                            {"name": "username", "value": "bob"},
                        ],
                    },
                }
            )
        )
    )
    assert b"SECRET" not in out
    post = document["log"]["entries"][0]["request"]["postData"]
    assert post["text"] == expected
    assert post["params"][1]["value"] == "bob"
    assert report.total >= 2


def test_token_in_a_json_response_and_csrf_token_in_html_are_removed() -> None:
    document, report, out = sanitized(
        har(
            entry(
                response={
                    "content": {
                        "mimeType": "application/json",
                        "text": '{"access_token":"SECRET","expires_in":3600}',
                    }
                }
            ),
            entry(
                response={
                    "content": {
                        "mimeType": "text/html",
                        "text": '<meta name="csrf-token" content="SECRET"><input type="hidden" name="q" value="keep">',
                    }
                }
            ),
        )
    )
    assert b"SECRET" not in out
    assert b'"expires_in\\":3600' in out
    assert 'value="keep"' in document["log"]["entries"][1]["response"]["content"]["text"]
    assert set(report.names("body_field")) == {"access_token", "csrf-token"}


def test_jwts_are_removed_wherever_they_appear() -> None:
    _, report, out = sanitized(
        har(
            entry(
                {
                    "url": f"https://app.example/ws?ticket={JWT}",
                    "headers": [{"name": "X-Trace", "value": f"jwt {JWT}"}],
                },
                {"content": {"mimeType": "text/javascript", "text": f"window.boot = '{JWT}';"}},
            )
        )
    )
    assert JWT.split(".")[1].encode() not in out
    assert report.count("jwt") == 3
    assert "X-Trace" in report.names("jwt")


def test_extra_patterns_are_applied_everywhere() -> None:
    _, report, out = sanitized(
        har(
            entry(
                {"url": "https://app.example/?customer=ACME-12345"},
                {"content": {"text": "id ACME-999 here"}},
            )
        ),
        extra_patterns=[r"ACME-\d+"],
    )
    assert b"ACME-" not in out
    assert report.count("pattern") == 2


def test_report_holds_names_never_values() -> None:
    _, report, _ = sanitized(
        har(
            entry(
                {
                    "headers": [
                        {"name": "X-Api-Key", "value": "VALUE-1"},
                        {"name": "Cookie", "value": "sid=VALUE-2"},
                    ]
                }
            )
        )
    )
    assert "VALUE" not in json.dumps(report.to_dict())
    assert report.to_dict()["by_kind"] == {
        "cookie": {"count": 1, "names": ["sid"]},
        "header": {"count": 1, "names": ["x-api-key"]},
    }


def test_harmless_headers_and_parameters_are_left_alone() -> None:
    request = {
        "url": "https://app.example/search?q=token+bucket&sort_key=date",
        "headers": [
            {"name": ":authority", "value": "app.example"},
            {"name": "Accept", "value": "*/*"},
            {"name": "Idempotency-Key", "value": "4f1c"},
        ],
    }
    document, report, _ = sanitized(har(entry(request)))
    assert document["log"]["entries"][0]["request"] == entry(request)["request"]
    assert report.total == 0


secret_values = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=127),
    min_size=12,
    max_size=24,
).map(lambda s: "S3CR3T" + s)
secret_names = st.sampled_from(
    ["password", "api_key", "access_token", "sessionid", "client_secret", "X-Auth-Token"]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secret=secret_values, name=secret_names, where=st.integers(0, 9), compact=st.booleans())
def test_an_injected_secret_never_survives_sanitising(
    secret: str, name: str, where: int, compact: bool
) -> None:
    request: dict[str, Any] = {}
    response: dict[str, Any] = {}
    if where == 0:
        request["cookies"] = [{"name": "anything", "value": secret}]
    elif where == 1:
        request["headers"] = [{"name": "Cookie", "value": f"a=1; {name}={secret}"}]
    elif where == 2:
        response["headers"] = [{"name": "Set-Cookie", "value": f"id={secret}; Path=/; HttpOnly"}]
    elif where == 3:
        request["headers"] = [{"name": name, "value": secret}]
    elif where == 4:
        request["url"] = f"https://app.example/p?x=1&{name}={secret}"
        request["queryString"] = [{"name": name, "value": secret}]
    elif where == 5:
        request["postData"] = {
            "mimeType": "application/json",
            "text": json.dumps({"data": {name: secret}}),
        }
    elif where == 6:
        request["postData"] = {
            "mimeType": "application/x-www-form-urlencoded",
            "text": f"{name}={secret}&a=b",
        }
    elif where == 7:
        request["headers"] = [{"name": "Authorization", "value": f"Bearer {secret}"}]
    elif where == 8:
        response["content"] = {"mimeType": "application/json", "text": json.dumps({name: secret})}
    else:
        request["url"] = f"https://user:{secret}@app.example/"
    document = har(entry(request, response), entry())
    raw = json.dumps(
        document, separators=(",", ":") if compact else None, indent=None if compact else 2
    )
    _, report, out = sanitized(raw.encode())
    assert secret.encode() not in out
    assert secret not in json.dumps(report.to_dict())
    assert report.total >= 1

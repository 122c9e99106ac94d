import io
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supportdesk.diagnostics import REDACTED, redact_log
from supportdesk.diagnostics._redaction import RedactionTally, TextRedactor, is_sensitive_name


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "DB_PASSWORD",
        "X-API-Key",
        "x-auth-token",
        "access_token",
        "sessionid",
        "PHPSESSID",
        "csrftoken",
        "client_secret",
        "Authorization",
        "api_key",
        "key",
        "SID",
        "private_key",
        "otp",
    ],
)
def test_secret_names_are_recognised(name: str) -> None:
    assert is_sensitive_name(name)


@pytest.mark.parametrize(
    "name",
    [
        ":authority",
        "author",
        "www-authenticate",
        "sort_key",
        "Idempotency-Key",
        "session_timeout",
        "token_type",
        "content-type",
        "user-agent",
        "passed",
        "keyword",
        "access-control-allow-headers",
    ],
)
def test_ordinary_names_are_left_alone(name: str) -> None:
    assert not is_sensitive_name(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgres://desk:pw@db:5432/x", f"postgres://desk:{REDACTED}@db:5432/x"),
        ("mongodb+srv://u:p%40ss@cluster0/x", f"mongodb+srv://u:{REDACTED}@cluster0/x"),
        ("Authorization: Basic dXNlcjpwYXNz", f"Authorization: Basic {REDACTED}"),
        (
            "curl -H 'Authorization: Bearer abc.def.ghi'",
            f"curl -H 'Authorization: Bearer {REDACTED}'",
        ),
        ('{"password": "a b c", "user": "bob"}', f'{{"password": "{REDACTED}", "user": "bob"}}'),
        ("SECRET_KEY=xyz123 DEBUG=1", f"SECRET_KEY={REDACTED} DEBUG=1"),
        (
            "Using generated security password: 8e557245-73e2",
            f"Using generated security password: {REDACTED}",
        ),
        (
            "password authentication failed for user app",
            "password authentication failed for user app",
        ),
        ("nothing to see here", "nothing to see here"),
    ],
)
def test_text_redaction(text: str, expected: str) -> None:
    assert TextRedactor(RedactionTally()).redact(text) == expected


def test_extra_patterns_are_redacted_and_counted() -> None:
    tally = RedactionTally()
    redactor = TextRedactor(tally, [re.compile(r"ACME-\d{4}")])
    assert redactor.redact("licence ACME-1234 ok") == f"licence {REDACTED} ok"
    assert tally.report().count("pattern") == 1


secrets = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=10,
    max_size=30,
)
shapes = st.sampled_from(
    [
        "password={}",
        "DB_PASSWORD: {}",
        '"api_key": "{}"',
        "Authorization: Bearer {}",
        "connecting to postgres://app:{}@db/app",
        "redis://:{}@cache:6379/0",
        "token={}&user=1",
        "client_secret={}",
    ]
)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(secret=secrets, shape=shapes, before=noise, after=noise)
def test_an_injected_secret_never_survives_log_redaction(
    secret: str, shape: str, before: str, after: str
) -> None:
    assume(secret not in before + after)
    line = f"{before} {shape.format(secret)} {after}"
    out = io.BytesIO()
    report = redact_log(f"2024-01-01T00:00:00Z INFO start\n{line}\n".encode(), out)
    assert secret not in out.getvalue().decode()
    assert report.total >= 1
    assert secret not in str(report.to_dict())

"""The stand-alone collector decides which `name=value` is a secret exactly as the diagnostics
core does (it keeps its own copy of the rule, being one file that runs without the desk): each
name below is redacted by both or by neither."""

import io

import pytest

from supportdesk.diagnostics import redact_log
from supportdesk_collect.supportdesk_collect import Redactor, write_merged_log

SECRET = ["password", "passwd", "db_password", "pwd", "passphrase", "client_secret", "token",
          "access_token", "refresh_token", "api_key", "apikey", "x-api-key", "access_key",
          "private_key", "credentials", "session_id", "sessionid", "sid", "connect.sid",
          "PHPSESSID", "JSESSIONID", "csrf_token", "xsrf", "signature", "otp", "auth", "auth_key",
          "license_key", "encryption_key", "master_key", "cookie", "session", "SECRET_KEY"]  # fmt: skip
NOT_SECRET = ["token_type", "key_id", "kid", "keyboard", "author", "monkey", "sig_figs", "passage"]


def _line(name: str) -> bytes:
    return f"2026-12-06T10:00:00.000000000Z {name}=Value-123456 ok\n".encode()


def _core(line: bytes) -> str:
    out = io.BytesIO()
    redact_log(line, out)
    return out.getvalue().decode()


def _collector(line: bytes) -> str:
    out = io.BytesIO()
    write_merged_log([io.BytesIO(line)], out, Redactor())
    return out.getvalue().decode()


@pytest.mark.parametrize("name", SECRET)
def test_both_redact_a_secret_name(name: str) -> None:
    line = _line(name)
    assert _core(line) == _collector(line)
    assert "Value-123456" not in _collector(line)


@pytest.mark.parametrize("name", NOT_SECRET)
def test_both_keep_an_ordinary_name(name: str) -> None:
    line = _line(name)
    assert _core(line) == _collector(line) == line.decode()

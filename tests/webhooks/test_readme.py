"""The README's signature check, run as written, against what the desk really sends."""

import re
from pathlib import Path

import pytest

from supportdesk.webhooks.actions.sending import do_send_test_event
from tests.webhooks.conftest import SECRET

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_verify():
    section = README.read_text().split("**Verifying the signature.**", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)[1]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 — our own documentation
    return namespace["verify"]


def test_the_readme_snippet_accepts_the_desk_s_signature_and_nothing_else(
    subscription, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        do_send_test_event(subscription)
    (request,) = receiver.requests
    verify = _readme_verify()

    assert verify(SECRET, request.headers, request.body)
    assert not verify(SECRET, request.headers, request.body.replace(b"ping", b"pong"))
    assert not verify("another-secret-of-some-length", request.headers, request.body)
    stale = {**request.headers, "X-SupportDesk-Timestamp": "1000000000"}
    assert not verify(SECRET, stale, request.body)

"""Every text-reading entry point of the core stays linear on text built to make regular
expressions backtrack: a run of one character class, or a prefix repeated without its end.

The ceiling is far above the linear cost (tens of milliseconds) and far below the quadratic
one (seconds to minutes), so crossing it means a pattern went super-linear.
"""

import io
import json

import pytest

from supportdesk.diagnostics import (
    Edition,
    FaultReport,
    ProblemKind,
    analyze_log,
    evaluate_checklist,
    parse_user_agent,
    sanitize_and_summarize_har,
)
from supportdesk.diagnostics._redaction import RedactionTally, TextRedactor
from tests.deadline import finishes_within

SIZE = 128 * 1024

SHAPES = {
    "letters": "a",
    "secret-name": "tokena",
    "percent": "a%",
    "dots": "a.",
    "dashes": "a-",
    "jwt-head": "eyJaaaaaaaaaa.",
    "colons": "a:",
    "slashes": "a/",
    "at-signs": "a@",
    "json-keys": '"a":',
    "assignments": "key = ",
    "versions": "v1.",
    "numbers": "1.",
    "bearer": "Bearer ",
    "url-credentials": "http://a:",
    "user-agent": "Mozilla/5.0 (",
    "image-ref": "a:1/",
}


def _har(text: str) -> None:
    entry = {
        "request": {
            "method": "GET",
            "url": "http://x/?" + text,
            "headers": [{"name": "X", "value": text}],
            "postData": {"text": text},
        },
        "response": {"status": 200, "content": {"text": text}},
    }
    document = json.dumps({"log": {"version": "1.2", "entries": [entry]}}).encode()
    sanitize_and_summarize_har(io.BytesIO(document), io.BytesIO())


def _checklist(text: str) -> None:
    report = FaultReport(
        edition=Edition.ENTERPRISE,
        problem_kind=ProblemKind.USER_FACING_ERROR,
        text=text,
        fields={"steps": text, "browser": text},
    )
    evaluate_checklist(report)


READERS = {
    "redaction": lambda text: TextRedactor(RedactionTally()).redact(text),
    "log": lambda text: analyze_log(text.encode()),
    "checklist": _checklist,
    "user-agent": parse_user_agent,
    "har": _har,
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("shape", SHAPES)
def test_reading_hostile_text_is_linear(reader, shape):
    text = SHAPES[shape] * (SIZE // len(SHAPES[shape]))
    with finishes_within(5):
        READERS[reader](text)

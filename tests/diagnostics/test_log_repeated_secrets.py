import io
import json

from supportdesk.diagnostics import analyze_log, redact_log

TOKEN = "tok_9f8e7d6c5b4a"
LOG = f"""\
2026-12-06 10:00:00 ERROR upstream refused {TOKEN}
2026-12-06 10:00:01 INFO refresh
2026-12-06 10:00:02 ERROR refresh failed token={TOKEN}
2026-12-06 10:00:03 INFO sent {TOKEN} again
""".encode()


def test_a_token_named_once_is_replaced_in_the_lines_before_and_after() -> None:
    out = io.BytesIO()
    report = redact_log(LOG, out)
    text = out.getvalue().decode()
    assert TOKEN not in text
    assert text.count("[REDACTED]") == 3
    assert report.count("assignment") == 1
    assert report.count("repeated_assignment") == 2
    assert report.names("repeated_assignment") == ("token",)


def test_error_samples_and_titles_share_the_rule() -> None:
    analysis = analyze_log(LOG)
    shown = json.dumps(analysis.to_dict())
    assert TOKEN not in shown
    assert len(analysis.error_groups) == 2

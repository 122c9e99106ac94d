"""The collector and the desk's diagnostics core redact a log the same way: a value removed once
is replaced in every other line, and both count the same."""

import io
from pathlib import Path

from supportdesk.diagnostics import redact_log
from supportdesk_collect.supportdesk_collect import Redactor, write_merged_log

PASSWORD = "hunter2-Correct"
TOKEN = "tok_9f8e7d6c5b4a"
BEARER = "c2VjcmV0LWJlYXJlcg"
DSN_PASSWORD = "pg-Pa55word"

LOG = f"""\
2026-12-06T10:00:00.000000000Z GET /health 200 as {PASSWORD}
2026-12-06T10:00:01.000000000Z login user=anna password={PASSWORD}
2026-12-06T10:00:02.000000000Z Authorization: Bearer {BEARER}
2026-12-06T10:00:03.000000000Z refresh token={TOKEN}
2026-12-06T10:00:04.000000000Z GET /api?q={TOKEN}&x=1 replayed {BEARER}
2026-12-06T10:00:05.000000000Z connecting to postgres://desk:{DSN_PASSWORD}@db:5432/desk
2026-12-06T10:00:06.000000000Z retry with {DSN_PASSWORD} and {PASSWORD} flag=true value=1
"""
SECRETS = (PASSWORD, TOKEN, BEARER, DSN_PASSWORD)


def _core() -> tuple[str, dict[str, object]]:
    out = io.BytesIO()
    report = redact_log(LOG.encode(), out)
    return out.getvalue().decode(), report.to_dict()


def _collector(tmp_path: Path) -> tuple[str, dict[str, object]]:
    redactor = Redactor()
    path = tmp_path / "logs" / "web.log"
    path.parent.mkdir()
    with path.open("wb") as destination:
        write_merged_log([io.BytesIO(LOG.encode())], destination, redactor)
    redactor.replace_repeated(path)
    return path.read_text(), redactor.report()


def test_both_remove_every_occurrence_of_every_secret_and_count_the_same(tmp_path: Path) -> None:
    core_text, core_report = _core()
    collected_text, collected_report = _collector(tmp_path)
    for secret in SECRETS:
        assert secret not in core_text
        assert secret not in collected_text
    assert core_text == collected_text
    assert "flag=true value=1" in core_text  # short values stay
    counts = {kind: item["count"] for kind, item in core_report["by_kind"].items()}  # type: ignore[attr-defined]
    assert counts == {
        kind: item["count"]
        for kind, item in collected_report["by_kind"].items()  # type: ignore[attr-defined]
    }
    assert core_report["repeated"] == collected_report["repeated"] == 5
    assert core_report["total"] == collected_report["total"]

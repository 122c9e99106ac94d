import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.fault_reports.conftest import HAR_WITH_COOKIES, JAVA_LOG


def _lines(*args) -> list[dict]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_diagnose_prints_one_json_object_per_file_and_fails_for_a_missing_one(tmp_path):
    garbage = tmp_path / "x.bin"
    garbage.write_bytes(b"\x00\x01")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 4 files could not be read"):
        call_command(
            "diagnose",
            str(HAR_WITH_COOKIES),
            str(JAVA_LOG),
            str(garbage),
            str(tmp_path / "nope"),
            stdout=out,
        )
    har, log, other, absent = [json.loads(line) for line in out.getvalue().splitlines()]
    assert har["kind"] == "har" and har["har"]["summary"]["request_count"] > 0
    assert log["kind"] == "container_log" and log["log"]["error_groups"]
    assert other["kind"] == "binary"
    assert absent["error"] == "no such file"


def test_har_sanitize_writes_the_clean_copy_and_reports_names_not_values(tmp_path):
    out = tmp_path / "clean.har"
    (report,) = _lines("har", "sanitize", str(HAR_WITH_COOKIES), str(out))
    assert report["total"] > 0
    assert "SID" in report["by_kind"]["cookie"]["names"]
    text = out.read_text()
    assert '"SID"' in text
    assert "[REDACTED]" in text


def test_har_sanitize_refuses_what_is_not_a_har(tmp_path):
    bad = tmp_path / "bad.har"
    bad.write_text("{}")
    with pytest.raises(CommandError):
        call_command("har", "sanitize", str(bad), str(tmp_path / "out.har"))


@pytest.mark.django_db
def test_reanalyze_redoes_stale_analyses(open_ticket, django_capture_on_commit_callbacks):
    from supportdesk.fault_reports.models import AttachmentAnalysis
    from supportdesk.tickets.inbound import InboundAttachment

    with django_capture_on_commit_callbacks(execute=True):
        open_ticket(attachments=[InboundAttachment("a.log", JAVA_LOG.read_bytes())])
    AttachmentAnalysis.objects.update(analyzer_version=0, result={})
    out = io.StringIO()
    call_command("diagnostics", "reanalyze", stdout=out)
    assert "analysed 1 attachments on 1 tickets" in out.getvalue()
    assert AttachmentAnalysis.objects.get().result["log"]

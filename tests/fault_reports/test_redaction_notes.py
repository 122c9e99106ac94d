import io
import json
import shutil
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from supportdesk.diagnostics import RedactionReport
from supportdesk.diagnostics._redaction import RedactionCount
from supportdesk.fault_reports.redaction_notes import removed_line, repeated_note

HAR = Path(__file__).parents[1] / "diagnostics" / "fixtures" / "har" / "cnn_firebug_firefox.har"


def _report(repeated: int, *, capped: bool = False) -> RedactionReport:
    return RedactionReport(
        (
            RedactionCount("cookie", 3, ("SID",)),
            RedactionCount("repeated_cookie", repeated, ("SID",)),
        ),
        capped,
    )


def test_the_count_reads_as_russian_with_plural_forms_and_in_english() -> None:
    with translation.override("ru"):
        assert removed_line(_report(1)) == (
            "Удалено 4 секретных значения, из них 1 — там, где значение повторялось "
            "в других местах файла"
        )
        assert removed_line(_report(2)).startswith("Удалено 5 секретных значений, из них 2 — ")
        assert "часть повторов могла остаться" in repeated_note(_report(2, capped=True))
    with translation.override("en"):
        assert removed_line(_report(1)) == (
            "4 secret values removed, of them 1 where it recurred elsewhere in the file"
        )
    assert repeated_note(RedactionReport((RedactionCount("cookie", 3, ("SID",)),))) == ""


def test_har_sanitize_says_how_many_repeats_it_replaced(tmp_path: Path) -> None:
    source = tmp_path / "news.har"
    shutil.copy(HAR, source)
    out, err = io.StringIO(), io.StringIO()
    with translation.override("ru"):
        call_command(
            "har", "sanitize", str(source), str(tmp_path / "clean.har"), stdout=out, stderr=err
        )
    report = json.loads(out.getvalue())
    assert report["repeated"] > 0
    assert f"из них {report['repeated']} — там, где" in err.getvalue()

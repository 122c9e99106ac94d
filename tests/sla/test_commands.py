import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _due(*args: str) -> str:
    out = io.StringIO()
    call_command("sla", "due", *args, stdout=out)
    return out.getvalue().strip()


def test_due_for_a_plan_target():
    assert _due(
        "--plan", "enterprise", "--target", "response", "--start", "2025-12-30T15:00:00+03:00"
    ) == ("2026-01-13T13:00:00+03:00")


def test_due_for_hours_and_days_reads_naive_starts_as_moscow_time():
    assert _due("--hours", "16", "--start", "2025-12-30T15:00") == "2026-01-13T13:00:00+03:00"
    assert _due("--days", "1", "--start", "2026-03-02T11:00") == "2026-03-02T20:00:00+03:00"


def test_due_accepts_utc_and_answers_in_moscow():
    assert _due("--hours", "1", "--start", "2026-03-02T08:00:00Z") == "2026-03-02T12:00:00+03:00"


def test_bad_start_and_uncovered_years_are_clear_errors():
    with pytest.raises(CommandError, match="not an ISO 8601"):
        _due("--hours", "1", "--start", "tomorrow")
    with pytest.raises(CommandError):
        _due("--hours", "1", "--start", "2045-01-01T12:00")


def test_the_free_plan_is_a_plan_without_an_sla_said_in_words():
    with pytest.raises(CommandError, match="The free plan has no SLA") as refused:
        _due("--start", "2026-03-02T11:00", "--plan", "free")
    assert "team, enterprise" in str(refused.value)
    with pytest.raises(CommandError, match="choose from 'free', 'team', 'enterprise'"):
        _due("--start", "2026-03-02T11:00", "--plan", "gold")

"""Hostile mail through the whole intake: an outcome for every email, recorded, in bounded
time; never an exception, and never a rejection because the intake itself broke (issue 12)."""

import pytest
from hypothesis import HealthCheck, given, settings

from supportdesk.mail.models import IntakeAction, IntakeRecord
from tests.deadline import finishes_within
from tests.mail.hostile_strategies import any_email

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(raw=any_email)
def test_the_intake_takes_in_any_email_and_records_what_it_did(take_in, email_channel, raw):
    with finishes_within(20):
        outcome = take_in(raw)
    record = IntakeRecord.objects.filter(external_id=outcome.external_id).latest("pk")
    assert record.action == outcome.action
    # A rejection is the desk's answer to the content (e.g. no sender), not a bug it hit.
    assert not outcome.reason.startswith("error:"), outcome.reason
    if outcome.action in (IntakeAction.CREATED, IntakeAction.APPENDED):
        assert outcome.ticket_number is not None

"""The signed identity of the host application's user: only a token signed with one of the
host's active secrets, within its validity, with sensible claims, is let in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportdesk.chat.identity import IdentityRefused, sign, verify
from tests.chat.widgets import SECRET, claims

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
T = int(NOW.timestamp())


def refused(token: str, secrets: list[str] | None = None) -> str:
    with pytest.raises(IdentityRefused) as refusal:
        verify(token, secrets or [SECRET], now=NOW)
    return refusal.value.reason


def test_a_token_signed_with_the_host_secret_names_the_user_and_team():
    identity = verify(sign(claims(iat=T, exp=T + 600), SECRET), [SECRET], now=NOW)
    assert (identity.user_id, identity.email, identity.team_id, identity.plan, identity.seats) == (
        "u-42",
        "olga@romashka.example",
        "team-7",
        "team",
        60,
    )
    assert identity.expires_at == NOW + timedelta(minutes=10)


def test_during_a_rotation_both_secrets_are_accepted_and_no_other():
    token = sign(claims(iat=T, exp=T + 600), "old-secret")
    assert verify(token, ["new-secret", "old-secret"], now=NOW).user_id == "u-42"
    assert refused(token, ["new-secret"]) == "forged"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        pytest.param("", "missing", id="missing"),
        pytest.param("no-dot", "malformed", id="no signature"),
        pytest.param("e30." + "0" * 64, "forged", id="signature of nothing"),
        pytest.param("x" * 5000, "malformed", id="huge"),
        pytest.param(sign(claims(iat=T, exp=T + 600), "guessed"), "forged", id="other secret"),
        pytest.param(sign(claims(iat=T - 7200, exp=T - 1), SECRET), "expired", id="expired"),
        pytest.param(sign(claims(iat=T - 60, exp=T), SECRET), "expired", id="expires now"),
        pytest.param(sign(claims(iat=T + 600, exp=T + 900), SECRET), "not_yet_valid", id="future"),
        pytest.param(
            sign(claims(iat=T, exp=T + 2 * 86400), SECRET), "too_long", id="valid two days"
        ),
        pytest.param(sign(claims(iat=T, exp=T + 60, plan="gold"), SECRET), "claims", id="plan"),
        pytest.param(sign(claims(iat=T, exp=T + 60, email="nope"), SECRET), "claims", id="email"),
        pytest.param(sign(claims(iat=T, exp=T + 60, seats=0), SECRET), "claims", id="seats"),
        pytest.param(sign(claims(iat=T, exp=T + 60, team_id=""), SECRET), "claims", id="team"),
        pytest.param(sign(claims(iat=T, exp="soon"), SECRET), "claims", id="exp not a number"),
        pytest.param(sign(claims(iat=T, exp=T + 60, user_id=[1]), SECRET), "claims", id="list"),
    ],
)
def test_what_is_refused_and_why(token, reason):
    assert refused(token) == reason


def test_a_signed_token_whose_claims_were_edited_is_forged():
    signature = sign(claims(iat=T, exp=T + 600), SECRET).partition(".")[2]
    edited = sign(claims(iat=T, exp=T + 600, plan="enterprise"), SECRET).partition(".")[0]
    assert refused(f"{edited}.{signature}") == "forged"


@given(st.text(max_size=300))
def test_any_text_is_refused_with_a_reason_never_an_error(token):
    with pytest.raises(IdentityRefused):
        verify(token, [SECRET], now=NOW)

import io

from supportdesk.diagnostics._redaction import RedactionTally
from supportdesk.diagnostics._secret_values import MAX_VALUES, SecretValues


def _values(*pairs: tuple[str, str]) -> SecretValues:
    secrets = SecretValues()
    for name, value in pairs:
        secrets.add("cookie", name, value)
    return secrets


def test_every_occurrence_is_replaced_and_counted_under_the_name_not_the_value() -> None:
    tally = RedactionTally()
    matcher = _values(("KADUSERCOOKIE", "A1B2C3D4-E5F6")).text_matcher(tally)
    assert matcher is not None
    text = "receive?partner_device_id=A1B2C3D4-E5F6&x=1 then A1B2C3D4-E5F6 again"
    assert matcher.sub(text) == "receive?partner_device_id=[REDACTED]&x=1 then [REDACTED] again"
    report = tally.report()
    assert report.count("repeated_cookie") == 2
    assert report.names("repeated_cookie") == ("KADUSERCOOKIE",)
    assert "A1B2C3D4" not in str(report.to_dict())


def test_short_values_are_not_searched_for() -> None:
    assert _values(("flag", "true"), ("n", "12345")).text_matcher(RedactionTally()) is None


def test_url_encoded_forms_are_searched_too() -> None:
    matcher = _values(("sid", "a/b+c==secret")).text_matcher(RedactionTally())
    assert matcher is not None
    assert matcher.sub("u=a%2Fb%2Bc%3D%3Dsecret&v=a/b c==secret") == "u=[REDACTED]&v=[REDACTED]"


def test_a_match_across_a_chunk_boundary_is_replaced() -> None:
    secret = "S3cretValue-across"
    tally = RedactionTally()
    matcher = _values(("sid", secret)).json_matcher(tally)
    assert matcher is not None
    for offset in range(1, len(secret)):
        filler = "x" * ((1 << 18) - offset)
        source = io.BytesIO(f'{filler}{secret}"é{secret}'.encode())
        out = io.BytesIO()
        matcher.copy_stream(source, out)
        assert out.getvalue().decode() == f'{filler}[REDACTED]"é[REDACTED]'


def test_the_set_is_bounded_and_says_so() -> None:
    secrets = SecretValues()
    for index in range(MAX_VALUES + 10):
        secrets.add("cookie", "c", f"value-{index:08d}")
    assert len(secrets) == MAX_VALUES
    assert secrets.capped

"""Free text into the user-agent parser and the checklist rules: an answer for any text, never
an exception, and no super-linear path (fragments the patterns look for are repeated thousands
of times under a wall-clock ceiling) (issue 12). Files are fuzzed in test_parsers_fuzz.py."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.diagnostics import (
    ITEM_LABELS,
    Attachment,
    ChecklistItem,
    Edition,
    FaultReport,
    ProblemKind,
    evaluate_checklist,
    parse_user_agent,
)
from tests.deadline import finishes_within

FUZZ = settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
FRAGMENTS = ["Mozilla/5.0 (", "Windows NT 10.0; Win64; x64", ")", " AppleWebKit/537.36 ",
             "Chrome/120.0.6099.109", "Safari/537.36", "Firefox/", "Version/17.1", "YaBrowser/",
             "Edg/", "Mobile", "Android 14;", "(", ";", "/", ".", "1", " ", "version ", "v1.",
             "верси", "a", "-", "@", "a.", "registry.example.com/", "app:", ":", "@sha256:",
             "https://app.example/diagrams/", "шаг 1.", "1) ", "\n", "Хром ", "диаграмм",
             "user@", ".ru", "%", "+", "0" * 64]  # fmt: skip
free_text = st.one_of(
    st.text(max_size=1000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=40).map("".join),
    st.builds(lambda run, times: run * times,
              st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map("".join),
              st.integers(1, 4000)),
)  # fmt: skip


@FUZZ
@given(free_text)
def test_the_user_agent_parser_answers_for_any_text(text: str) -> None:
    with finishes_within(5):
        browser = parse_user_agent(text[:8192])  # a header nginx would pass on
    assert browser is None or browser.label


@FUZZ
@given(
    text=free_text,
    fields=st.dictionaries(st.sampled_from([*ChecklistItem, "other"]), free_text, max_size=3),
    heads=st.lists(st.tuples(st.text(max_size=20), st.binary(max_size=600)), max_size=2),
    edition=st.sampled_from(Edition),
    kind=st.sampled_from(ProblemKind),
)
def test_the_checklist_evaluates_any_report(text, fields, heads, edition, kind) -> None:
    report = FaultReport(
        edition=edition, problem_kind=kind, text=text, fields=fields,
        attachments=[Attachment(name, head) for name, head in heads],
        ignore_emails=["olga@romashka.example"],
    )  # fmt: skip
    with finishes_within(10):
        checklist = evaluate_checklist(report)
    assert {entry.item.value for entry in checklist.entries} <= set(ITEM_LABELS)

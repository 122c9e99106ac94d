from pathlib import Path

import pytest

from supportdesk.diagnostics import parse_user_agent

CORPUS = Path(__file__).parent / "fixtures" / "user_agents.txt"
ROWS = [
    line.split("\t")
    for line in CORPUS.read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
# bowser names a few browsers differently from uap-core (which ua-parser implements).
BOWSER_NAMES = {
    "Microsoft Edge": "Edge",
    "Internet Explorer": "IE",
    "Samsung Internet for Android": "Samsung Internet",
    "Miui": "MiuiBrowser",
}
# Where the two suites disagree on what the browser *is*, ua-parser's answer is asserted instead.
DIVERGENT = {
    "bowser:Chrome#25": ("Huawei Browser", "5.1.5"),  # Chrome-based HuaweiBrowser/5.1.5.352
}


@pytest.mark.parametrize(
    ("expected", "version", "ref", "agent"), ROWS, ids=[row[2] for row in ROWS]
)
def test_real_user_agents_give_the_browser_the_source_suite_expects(
    expected: str, version: str, ref: str, agent: str
) -> None:
    browser = parse_user_agent(agent)
    assert browser is not None
    if ref in DIVERGENT:
        assert (browser.product, browser.version) == DIVERGENT[ref]
    elif ref.startswith("uap-core:"):
        assert browser.name == expected
        assert (browser.version or "").startswith(version)
    else:
        assert browser.product == BOWSER_NAMES.get(expected, expected)
        assert version.startswith(browser.version or "") or (browser.version or "").startswith(
            version
        )
    assert browser.source == "user_agent"


def test_os_and_label_are_reported() -> None:
    browser = parse_user_agent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.6099.71 Safari/537.36 Edg/120.0.2210.61"
    )
    assert browser is not None
    assert browser.label == "Edge 120.0.2210.61"
    assert browser.os == "Windows 10"
    assert browser.to_dict()["product"] == "Edge"


@pytest.mark.parametrize("agent", ["", "   ", "AndroidClient/3.6.0", "\x00\xff garbage"])
def test_strings_naming_no_known_client_give_none(agent: str) -> None:
    assert parse_user_agent(agent) is None

"""Any text into the HTML sanitiser: safe HTML (or "" when too deep) in bounded time, never an
exception, nothing executable left (issue 12)."""

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.tickets.html_sanitizer import (
    _ALLOWED_ATTRIBUTES,
    _ALLOWED_TAGS,
    MAX_NESTING,
    nesting_depth,
    sanitize_html,
    sanitize_html_without_remote_images,
)
from tests.deadline import finishes_within

FUZZ = settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = ["<", ">", "</", "/>", "<div>", "</div>", "<li>", "<ul>", "<table>", "<td>", "<p>",
             "<img src='", "http://x.example/p.png", "cid:a@b", "'>", "<a href=\"", "javascript:",
             "\">", "<script>", "</script>", "<svg onload=", "<iframe>", "<!--", "-->", "&#",
             "&lt;", "<br>", "<b>", "<math>", "<style>", "\x00", "ж", " ", "\n", "=", '"', "'",
             "<template>", "<noscript>", "<select><option>", "<textarea>", "<plaintext>"]  # fmt: skip

hostile_html = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=80).map("".join),
    st.builds(
        lambda run, times: run * times,
        st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map("".join),
        st.integers(1, 10_000),
    ),
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "cid"}


def _scheme(url: str) -> str | None:
    """The scheme a browser would read (it drops tabs and newlines and trims controls)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(33))))
    match = _SCHEME.match(cleaned)
    return match[1].lower() if match else None


class _Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would read the sanitised HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _assert_safe(html: str, *, remote_images: bool) -> None:
    for tag, attrs in _Elements(html).found:
        assert tag in _ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in _ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name)
            if name in ("href", "src"):
                assert _scheme(value or "") in _SAFE_SCHEMES | {None}, (tag, name, value)
            if not remote_images and (tag, name) == ("img", "src"):
                assert (value or "").lower().startswith("cid:"), value


@FUZZ
@given(hostile_html)
def test_the_sanitiser_returns_safe_html_for_any_input(html: str) -> None:
    with finishes_within(10):
        clean = sanitize_html(html)
        without_images, _blocked = sanitize_html_without_remote_images(html)
    _assert_safe(clean, remote_images=True)
    _assert_safe(without_images, remote_images=False)
    if nesting_depth(html) > MAX_NESTING:
        assert clean == without_images == ""  # too deep to parse in bounded time: not kept

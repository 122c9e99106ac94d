"""Plain text from HTML mail bodies."""

import pytest

from supportdesk.mail.html_text import html_to_text
from tests.deadline import finishes_within


def test_blocks_become_lines_and_scripts_and_styles_are_left_out():
    html = "<style>p{}</style><p>Ошибка&nbsp;500</p><div>Второй<br>абзац</div><script>x()</script>"
    assert html_to_text(html) == "Ошибка 500\n\nВторой\nабзац"


@pytest.mark.parametrize(
    "tail", ["<a " * 100_000, "<a href='" * 50_000, "<br/" * 100_000, "<!--" * 100_000],
    ids=["attributes", "open-quotes", "slashes", "comments"],
)  # fmt: skip
def test_a_tag_left_open_to_the_end_is_read_promptly_and_shows_nothing(tail):
    # Found by tests/mail/test_text_fuzz.py: Python's HTMLParser.close() rescanned the open
    # tag from every "<" after it (60 KB of "<a " took 34 s).
    with finishes_within(2):
        text = html_to_text("<p>Не открывается диаграмма.</p>" + tail)
    assert text == "Не открывается диаграмма."


def test_a_short_tag_left_open_at_the_end_is_kept_as_before():
    assert html_to_text("<p>a</p>b <c") == "a\nb <c"

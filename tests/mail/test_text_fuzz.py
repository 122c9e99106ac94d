"""Any text into what the intake reads from a mail's text: the quote splitter, the HTML-to-text
reader, the language guess and the HTML sanitiser never raise and stay linear (issue 12).

Besides arbitrary text, fragments known to matter (quote headers, tags, character references)
are repeated thousands of times: a super-linear path shows as a blown ceiling."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.mail.html_text import html_to_text
from supportdesk.mail.language import reply_language
from supportdesk.mail.quotes import split_reply
from tests.deadline import finishes_within

FUZZ = settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])

QUOTE_FRAGMENTS = ["> ", ">", "\n", "\r\n", " ", "wrote:", "писал(а):", "2026 г. в 10:00",
                   "От: ", "From: ", "Sent: ", "Отправлено: ", "-----Original Message-----",
                   "--", "-- \n", "On Mon, 1 Jan 2026", "Ольга <olga@romashka.example>", ":",
                   "---------- Forwarded message ----------", "Am ", "schrieb", "Le ", "a écrit",
                   "\u2028", "\x00", "________________________________"]  # fmt: skip
HTML_FRAGMENTS = ["<", ">", "</", "<div>", "</div>", "<p>", "<li>", "<br>", "<script>",
                  "</script>", "<style>", "<!--", "-->", "<![CDATA[", "&", "&#", "&#x", "1", "f",
                  ";", "&amp", "&nbsp;", "<a href='", "'", '"', "=", "<table>", "<td>", "\x00",
                  "<!DOCTYPE", "<?xml", "<title>", "ж"]  # fmt: skip


def repeated(fragments: list[str]) -> st.SearchStrategy[str]:
    """A short run of fragments repeated up to 20,000 times."""
    run = st.lists(st.sampled_from(fragments), min_size=1, max_size=6).map("".join)
    return st.builds(lambda text, times: text * times, run, st.integers(1, 20_000))


def mixed(fragments: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=2000),
        st.lists(st.one_of(st.sampled_from(fragments), st.text(max_size=8)), max_size=60).map(
            "".join
        ),
        repeated(fragments),
    )


@FUZZ
@given(mixed(QUOTE_FRAGMENTS))
def test_the_quote_splitter_keeps_all_the_text_of_any_input(text: str) -> None:
    with finishes_within(10):
        split = split_reply(text)
    normalised = text.replace("\r\n", "\n")
    assert split.new_text in normalised
    assert split.quoted in normalised


@FUZZ
@given(mixed(HTML_FRAGMENTS))
def test_the_html_reader_turns_any_input_into_text(html: str) -> None:
    with finishes_within(10):
        text = html_to_text(html)
    assert isinstance(text, str)


@FUZZ
@given(mixed([*QUOTE_FRAGMENTS, "Ж", "word", "v1.2", "a/b", "ё-ё", "don't"]), st.text(max_size=200))
def test_the_language_guess_is_russian_or_english_for_any_text(text: str, subject: str) -> None:
    with finishes_within(5):
        assert reply_language(text, subject) in {"ru", "en"}

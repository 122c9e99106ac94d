import pytest

from supportdesk.mail.parsing import parse_email
from supportdesk.mail.quotes import split_reply
from tests.deadline import finishes_within
from tests.mail.corpus import fixture


def test_gmail_reply_separates_the_quoted_history():
    split = split_reply(parse_email(fixture("reply_gmail.eml")).text)
    assert split.new_text == "Hello"
    assert split.quoted.startswith("On Mon, Apr 2, 2012")


def test_outlook_reply_header_block_starts_the_history():
    split = split_reply(parse_email(fixture("reply_outlook.eml")).text)
    assert split.new_text == "Hello"
    assert split.quoted.startswith("From: xxx@xxx.mailgun.org")


def test_russian_gmail_and_mail_ru_attributions_start_the_history():
    gmail = (
        "Спасибо, работает.\n\nпн, 5 янв. 2026 г. в 10:00, Поддержка <help@x.ru>:\n> Очистите кэш."
    )
    mailru = "Спасибо!\n\n05.01.2026 10:00, Служба поддержки пишет:\n> Очистите кэш."
    assert split_reply(gmail).new_text == "Спасибо, работает."
    assert split_reply(mailru).quoted.startswith("05.01.2026 10:00")


def test_a_forward_is_all_new_text():
    text = parse_email(fixture("fwd_thunderbird_czech_8bit.eml")).text
    split = split_reply(text)
    assert split.quoted == ""
    assert "Ahoj Johne" in split.new_text


def test_text_without_quotes_is_kept_whole():
    assert split_reply("Просто текст.\nВторая строка.").new_text == "Просто текст.\nВторая строка."


@pytest.mark.parametrize(
    "text",
    ["Ошибка\n" + "\n" * 200_000 + "конец", "On " * 100_000, "Dne " * 100_000, "\n>" * 100_000],
    ids=["blank-lines", "endless-on", "endless-dne", "empty-quote-lines"],
)
def test_text_the_quote_library_backtracks_on_is_split_promptly(text):
    # Found by tests/mail/test_text_fuzz.py: 8,000 blank lines took the library 6 s.
    with finishes_within(2):
        split = split_reply(text)
    assert split.new_text


def test_a_quote_header_after_a_long_line_still_starts_the_history():
    text = (
        "Ответ "
        + "очень длинная строка " * 100
        + "\n\nOn Mon, Apr 2, 2012 at 4:00 PM, Bob <b@x.example> wrote:\n> old"
    )
    split = split_reply(text)
    assert split.new_text.endswith("строка")
    assert split.quoted.startswith("On Mon, Apr 2, 2012")


def test_new_text_longer_than_the_quote_librarys_view_is_kept_whole():
    text = "Длинный отчёт об ошибке.\n" * 2_000 + "Последняя строка."
    split = split_reply(text)
    assert split.quoted == ""
    assert split.new_text.endswith("Последняя строка.")

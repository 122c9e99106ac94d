from supportdesk.mail.parsing import parse_email
from supportdesk.mail.quotes import split_reply
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

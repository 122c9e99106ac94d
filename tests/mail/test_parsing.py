import pytest

from supportdesk.mail.parsing import message_ids, parse_email
from tests.mail.corpus import (
    FIXTURES,
    fixture,
    message_with_office_attachments,
    raw_windows_1251_message,
    utf8_8bit_message_with_backslashes,
)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.eml")), ids=lambda p: p.name)
def test_every_real_message_parses_without_raising(path):
    parsed = parse_email(path.read_bytes())
    assert parsed.raw == path.read_bytes()
    assert parsed.external_id


def test_utf8_base64_encoded_word_subject_and_html_related_with_inline_image():
    parsed = parse_email(fixture("ru_utf8_b64_subject_html_related.eml"))
    assert parsed.subject == "Соберите всю почту в этот ящик"
    assert parsed.from_name == "Яндекс"
    assert parsed.text.startswith("Здравствуйте!")
    assert "<html" in parsed.html.lower() or "<div" in parsed.html.lower()
    [image] = parsed.attachments
    assert (image.filename, image.content_type, image.inline) == (
        "collector.jpg",
        "image/jpeg",
        True,
    )
    assert image.content_id


def test_koi8r_base64_body_and_subject_decode_to_russian():
    parsed = parse_email(fixture("ru_koi8r_base64_thunderbird.eml"))
    assert parsed.subject == "Алфавит"
    assert parsed.text == "Вопрос"


def test_raw_8bit_windows_1251_headers_and_body_without_a_declared_charset():
    parsed = parse_email(raw_windows_1251_message())
    assert parsed.subject == "Не проходит выгрузка в 1С"
    assert parsed.from_name == "Галина Петровна"
    assert parsed.from_address == "buh@buh.example.ru"
    assert "«Ошибка доступа»" in parsed.text


def test_backslashes_in_unencoded_utf8_text_survive_as_backslashes():
    parsed = parse_email(utf8_8bit_message_with_backslashes())
    assert parsed.subject == "Путь C:\\Users\\buh\\new"
    assert "C:\\Users\\buh\\new и в \\\\server\\bak\\x41" in parsed.text
    assert "\n" not in parsed.subject and "\x08" not in parsed.text


def test_windows_1251_quoted_printable_with_unquoted_boundary_keeps_both_parts():
    parsed = parse_email(fixture("win1251_qp_outlook_express_redacted.eml"))
    assert parsed.from_name == "Атиковa"
    assert parsed.text and parsed.html
    assert parsed.date is None  # the Date header is unparseable; intake uses the arrival time


def test_8bit_text_declared_us_ascii_is_decoded_as_utf8():
    parsed = parse_email(fixture("malformed_8bit_declared_ascii.eml"))
    assert "∮ E⋅da = Q" in parsed.text


def test_raw_utf8_display_name_with_a_stray_byte_and_no_matching_boundary_keeps_the_text():
    parsed = parse_email(fixture("malformed_8bit_header_no_boundary.eml"))
    assert parsed.from_name.startswith("Юникод запрещен")
    assert "Hello" in parsed.text


def test_unknown_encoded_word_charset_with_bad_padding_does_not_crash():
    parsed = parse_email(fixture("malformed_bad_encoded_word_charset.eml"))
    assert parsed.subject
    assert parsed.external_id.startswith("sha256:")


def test_rfc2231_continued_filenames_are_decoded():
    parsed = parse_email(fixture("rfc2231_long_nonascii_filenames.eml"))
    names = [a.filename for a in parsed.attachments]
    assert names[0].startswith("Buchungsbestätigung- Rechnung-Geschäftsbedingungen")
    assert names[2].startswith("02_A€àäąбيد@Z")


def test_raw_8bit_utf8_attachment_name_is_decoded():
    parsed = parse_email(fixture("ru_raw_8bit_utf8_attachment_name_yahoo.eml"))
    [picture] = parsed.attachments
    assert picture.filename.startswith("Картинка с очень, очень длинным")
    assert picture.content.startswith(b"\x89PNG")


def test_zip_with_raw_8bit_cyrillic_name_is_an_attachment():
    parsed = parse_email(fixture("ru_phish_raw_utf8_zip_name.eml"))
    assert [a.filename for a in parsed.attachments] == ["ФНС_РФ558.zip"]
    assert parsed.attachments[0].content.startswith(b"PK")


def test_office_documents_zip_and_logs_are_all_attachments():
    parsed = parse_email(message_with_office_attachments())
    assert [a.filename for a in parsed.attachments] == [
        "отчёт за декабрь.xlsx", "договор.docx", "logs.zip", "app.log", "session.har",
    ]  # fmt: skip
    assert parsed.text == "Прикладываю отчёты и архив с логами."


def test_nested_rfc822_messages_are_kept_as_eml_attachments():
    parsed = parse_email(fixture("ru_yandex_two_eml_attachments.eml"))
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"] * 2
    assert all(a.filename.endswith(".eml") for a in parsed.attachments)
    inner = parse_email(parsed.attachments[0].content)
    assert inner.message_id


def test_forwarded_8bit_windows_1251_message_keeps_its_text_and_the_forward():
    parsed = parse_email(fixture("ru_win1251_8bit_thunderbird_fwd.eml"))
    assert parsed.from_name == "Каукин Владимир"
    [forwarded] = parsed.attachments
    assert "Добрый\xa0день" in parse_email(forwarded.content).text


def test_html_only_mail_gets_plain_text_for_search_and_previews():
    parsed = parse_email(fixture("ru_mailru_html_inline_images.eml"))
    assert parsed.text.startswith("Здравствуйте")
    assert sum(a.inline for a in parsed.attachments) == 3


def test_threading_headers_and_message_id_lose_their_angle_brackets():
    parsed = parse_email(fixture("ru_win1251_8bit_thunderbird_fwd.eml"))
    assert parsed.message_id == "2ffd4cec-d312-60da-72f3-5b6e4406fddf@com.ru"
    assert parsed.in_reply_to == ("1333139463.20190207083243@com.ru",)
    assert parsed.thread_ids == ("1333139463.20190207083243@com.ru",)


def test_message_ids_accepts_several_ids_and_a_bare_one():
    assert message_ids("<a@x> <b@y>") == ("a@x", "b@y")
    assert message_ids("c@z") == ("c@z",)
    assert message_ids("") == ()


def test_garbage_bytes_become_a_text_message():
    parsed = parse_email(b"\x00\xff\xfe not mail at all \xd0\xbf")
    assert parsed.external_id.startswith("sha256:")

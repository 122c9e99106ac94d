import pytest

from supportdesk.mail.charsets import decode_bytes, decode_header_text, guess_cyrillic_codec

RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю"


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_undeclared_cyrillic_bytes_are_recognised(codec):
    data = RUSSIAN.encode(codec)
    assert guess_cyrillic_codec(data) == codec
    assert decode_bytes(data) == RUSSIAN


def test_a_lying_declared_charset_falls_back_to_utf8():
    assert decode_bytes(RUSSIAN.encode(), "us-ascii") == RUSSIAN
    assert decode_bytes(RUSSIAN.encode(), "x-unknown-charset") == RUSSIAN


def test_declared_windows_1251_aliases_are_understood():
    assert decode_bytes(RUSSIAN.encode("cp1251"), "win-1251") == RUSSIAN


def test_adjacent_encoded_words_join_without_the_space_between_them():
    assert decode_header_text("=?UTF-8?B?0J/RgNC4?= =?UTF-8?B?0LLQtdGC?=") == "Привет"


def test_q_encoded_windows_1250_subject():
    value = "=?windows-1250?Q?Automatyczna_odpowied=9F:?="
    assert decode_header_text(value) == "Automatyczna odpowiedź:"


def test_backslash_escapes_in_plain_header_text_are_not_interpreted():
    raw = b"C:\\Users\\buh\\new =?UTF-8?B?0L/Rg9GC0Yw=?=".decode("ascii", "surrogateescape")
    assert decode_header_text(raw) == "C:\\Users\\buh\\new путь"


def test_folded_header_is_unfolded():
    assert decode_header_text("Long\r\n subject") == "Long subject"

"""Reading real Telegram updates (the corpus) into what the bot needs."""

from datetime import UTC, datetime

import pytest

from supportdesk.telegram.updates import parse_update, update_id_of
from tests.telegram.chat import fixture_update


def test_a_private_text_message():
    update = parse_update(fixture_update("tg_message_text.json"))

    assert update.update_id == 128526
    assert update.kind == "message"
    assert update.is_private
    assert update.chat_id == 12345678
    assert update.message_id == 11223
    assert update.text == "Hi, world!"
    assert update.date == datetime(2017, 10, 22, 22, 1, 51, tzinfo=UTC)
    assert update.user is not None
    assert update.user.name == "FirstName LastName"
    assert update.user.language == "ru"
    assert update.file is None
    assert update.unsupported == ""


def test_a_document_with_its_caption():
    update = parse_update(fixture_update("tg_message_with_document.json"))

    assert update.text == "doc description"
    assert update.file is not None
    assert update.file.file_id == "BQADAgADpgADy_JxS66XQTBRHFleAg"
    assert update.file.file_name == "test.docx"
    assert update.file.mime_type.endswith("wordprocessingml.document")
    assert update.file.file_size == 21331


def test_a_photo_is_its_largest_size():
    update = parse_update(fixture_update("tg_message_with_photo.json"))

    assert update.file is not None
    assert update.file.file_id.startswith("AgADAgADOagxG8vyeUvsltCem_XPv5A6Sw0ABNXU")
    assert update.file.file_size == 47844
    assert update.file.mime_type == "image/jpeg"


def test_a_video_is_a_file():
    update = parse_update(fixture_update("tg_message_with_video.json"))

    assert update.file is not None
    assert update.file.file_name == "video_12345"
    assert update.file.file_size == 10099782


@pytest.mark.parametrize(
    ("fixture", "unsupported"),
    [
        ("tg_message_with_sticker.json", "sticker"),
        ("tg_message_with_successful_payment.json", "successful_payment"),
    ],
)
def test_content_the_bot_cannot_use_is_named(fixture, unsupported):
    assert parse_update(fixture_update(fixture)).unsupported == unsupported


def test_a_language_other_than_english_means_russian():
    update = parse_update(fixture_update("tg_message_with_sticker.json"))
    assert update.user is not None
    assert update.user.language_code == "ln-LN"
    assert update.user.language == "ru"


def test_an_edited_message():
    update = parse_update(fixture_update("tg_edited_message.json"))
    assert update.kind == "edited_message"
    assert update.text == "hi there (edited)"


def test_a_reply_knows_the_message_it_answers():
    update = parse_update(fixture_update("tg_reply_message.json"))
    assert update.reply_to_message_id == 12345
    assert update.text == "Reply to quoted message"


def test_a_button_under_an_inline_message_has_no_chat():
    update = parse_update(fixture_update("tgdocs_callback_query.json"))

    assert update.kind == "callback_query"
    assert update.callback_id == "4382bfdwdsb323b2d9"
    assert update.callback_data == "Data from button callback"
    assert update.chat_id is None
    assert update.user is not None
    assert update.user.id == 1111111


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/start", ("start", "")),
        ("/start@supportdesk_bot deep-link", ("start", "deep-link")),
        ("/MY", ("my", "")),
        ("hello", None),
        ("/", None),
    ],
)
def test_commands(text, command):
    raw = fixture_update("tg_message_text.json")
    raw["message"]["text"] = text
    assert parse_update(raw).command == command


@pytest.mark.parametrize(
    "raw",
    [
        {"update_id": 1, "message": "not an object"},
        {"update_id": 2, "message": {"chat": [], "from": "x", "photo": [None, 3], "text": 5}},
        {"update_id": 3},
        {"update_id": 4, "chat_join_request": {"chat": {"id": -1, "type": "group"}}},
        # Found by tests/telegram/test_updates_fuzz.py: a TypeError and a ValueError escaped.
        {"update_id": 5, "message": {"chat": {"id": 1}, "photo": True}},
        {"update_id": 6, "message": {"chat": {"id": 1}, "photo": 7}},
        {"update_id": 7, "message": {"chat": {"id": 1}, "date": 253402300800, "text": "x"}},
        {"update_id": 8, "message": {"chat": {"id": 1}, "date": -(2**62), "text": "x"}},
    ],
)
def test_malformed_or_unknown_updates_never_raise(raw):
    update = parse_update(raw)
    assert update.update_id == raw["update_id"]


def test_an_update_needs_an_integer_id():
    assert update_id_of({"update_id": "7"}) is None
    assert update_id_of({"update_id": True}) is None
    with pytest.raises(ValueError, match="update_id"):
        parse_update({"message": {}})

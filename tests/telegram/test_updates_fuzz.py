"""Any JSON into the Telegram update reader, the recorder and the webhook: an update (or the
reader's own clean ValueError for a missing update_id), a stored row, an answer of 200/400/403,
never an exception or HTTP 500 (issue 12). Real updates are mutated as well as made up."""

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.telegram.actions.updates import do_record_update
from supportdesk.telegram.models import TelegramUpdate
from supportdesk.telegram.updates import IncomingUpdate, parse_update, update_id_of
from tests.deadline import finishes_within
from tests.telegram.chat import fixture_update

FIXTURES = [
    "tg_edited_message.json", "tg_message_text.json", "tg_message_with_document.json",
    "tg_message_with_photo.json", "tg_message_with_sticker.json", "tg_reply_message.json",
    "tg_message_with_successful_payment.json", "tg_message_with_video.json",
    "tgdocs_callback_query.json",
]  # fmt: skip
FIELDS = ["update_id", "message", "edited_message", "callback_query", "channel_post", "chat",
          "id", "from", "text", "caption", "date", "photo", "document", "file_id", "file_name",
          "file_size", "width", "height", "message_id", "reply_to_message", "data", "type",
          "language_code", "sticker", "new_chat_members", "my_chat_member", "\x00", ""]  # fmt: skip
FUZZ = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.text(max_size=30), st.floats(),
    st.integers(), st.sampled_from([2**63, -(2**63) - 1, 10**30, 253402300800, -62135596801]),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children,
                        max_size=5),
    ),
    max_leaves=25,
)  # fmt: skip


@st.composite
def mutated_updates(draw: st.DrawFn) -> dict[str, Any]:
    """A real update with a few values, anywhere in it, replaced by any JSON."""
    update = copy.deepcopy(fixture_update(draw(st.sampled_from(FIXTURES))))
    for _ in range(draw(st.integers(1, 4))):
        node: Any = update
        for _level in range(draw(st.integers(0, 3))):
            children = sorted(key for key, value in node.items() if isinstance(value, dict))
            if not children:
                break
            node = node[draw(st.sampled_from(children))]
        # Mostly a field the update has (a value of the wrong type or range), else any field.
        key = draw(st.one_of(st.sampled_from(sorted(node) or FIELDS), st.sampled_from(FIELDS)))
        node[key] = draw(st.one_of(scalars, json_values))
    return update


updates = st.one_of(
    mutated_updates(),
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4),
    st.builds(lambda body, kind, uid: {"update_id": uid, kind: body}, json_values,
              st.sampled_from(FIELDS), st.integers(-5, 2**64)),
)  # fmt: skip


@FUZZ
@given(updates)
def test_the_reader_reads_any_update_or_refuses_it_for_its_update_id(raw: dict[str, Any]) -> None:
    with finishes_within(5):
        try:
            parsed = parse_update(raw)
        except ValueError:
            assert update_id_of(raw) is None  # the reader's one clean refusal
            return
    assert isinstance(parsed, IncomingUpdate)
    parsed.command  # noqa: B018 - a property the dialogue reads


@pytest.mark.django_db
@settings(
    FUZZ,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=updates)
def test_the_recorder_stores_any_update_with_an_update_id_once(raw: dict[str, Any]) -> None:
    update_id = update_id_of(raw)
    TelegramUpdate.objects.all().delete()
    with finishes_within(5):
        first, again = do_record_update(raw), do_record_update(raw)
    if update_id is None:
        assert first is None
        assert not TelegramUpdate.objects.exists()
    else:
        assert first is not None
        assert again is None
        assert TelegramUpdate.objects.get().update_id == update_id


SECRET = "webhook-secret_123"
bodies = st.one_of(
    st.binary(max_size=512),
    updates.map(lambda raw: json.dumps(raw).encode()),
    st.sampled_from([b"", b"null", b"[]", b"{}", b'{"update_id": 1}', b"[" * 5000, b"\xff\xfe",
                     b'{"update_id": 1e400}', b'{"update_id": NaN}', b'"\\ud800"']),
)  # fmt: skip
secrets = st.sampled_from([SECRET, None, "", "guess", SECRET + "\x00", "секрет"])


@pytest.fixture
def webhook_mode(settings, bot_server):
    """Set once per test: each change of `settings` nests an override, per example it would
    nest a thousand deep."""
    settings.TELEGRAM_MODE = "webhook"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET


@pytest.mark.django_db
@settings(
    FUZZ,
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(body=bodies, secret=secrets)
def test_the_webhook_answers_any_body_with_200_400_or_403(
    client, webhook_mode, django_capture_on_commit_callbacks, body, secret
):
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    TelegramUpdate.objects.all().delete()
    with finishes_within(20), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/telegram/webhook/", data=body, content_type="application/json",
                               headers=headers)  # fmt: skip
    assert response.status_code in (200, 400, 403)
    assert (response.status_code == 403) == (secret != SECRET)
    if response.status_code == 200:
        [stored] = TelegramUpdate.objects.all()
        # Processing ran; a failure may be the Bot API's (a file it does not know), not ours.
        assert not stored.last_error or stored.last_error.startswith("BotApi"), stored.last_error


@pytest.mark.django_db
def test_an_update_whose_first_key_is_a_nul_is_stored():
    # Found by the recorder fuzzer on PostgreSQL, whose text columns refuse NUL.
    from supportdesk.telegram.actions.updates import do_record_update

    stored = do_record_update({"update_id": 0, "\x00": {}})
    assert stored is not None and "\x00" not in stored.kind

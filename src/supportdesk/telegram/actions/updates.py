"""Taking in Telegram updates: store each `update_id` once, then process it exactly once.

`do_record_update` runs where updates arrive (the polling loop, the webhook) and only stores
the raw update; the polling offset moves past an update, or the webhook answers 200, after
that commit. `do_process_update` (a task) runs the dialogue and marks the update processed in
the same transaction that stores the ticket message, the dialogue's state and the answers.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from supportdesk.telegram import texts
from supportdesk.telegram.actions.bot_messages import do_queue_bot_message
from supportdesk.telegram.bot_api import BotApiError, FileTooBig, bot_api
from supportdesk.telegram.dialogue import FilesNeeded, Turn, respond
from supportdesk.telegram.models import BotMessageKind, Dialogue, TelegramUpdate, UpdateState
from supportdesk.telegram.selectors import earlier_pending_update_ids
from supportdesk.telegram.updates import (
    MAX_NESTING,
    IncomingUpdate,
    nested_deeper_than,
    parse_update,
    update_id_of,
)

logger = logging.getLogger(__name__)

MAX_PROCESS_ATTEMPTS = 5
_DOWNLOAD_ROUNDS = 3


def do_record_update(raw: Mapping[str, Any]) -> TelegramUpdate | None:
    """Store a raw update; None when it was stored before (or carries no update_id)."""
    from supportdesk.telegram.tasks import process_update

    update_id = update_id_of(raw)
    if update_id is None:
        logger.warning("telegram update without update_id ignored: %.200r", raw)
        return None
    if nested_deeper_than(raw):
        # Kept as an unknown update (so it is seen once and answered 200), but not its body.
        logger.warning("telegram update %s nested too deep; its content is dropped", update_id)
        raw = {"update_id": update_id, "dropped": f"nested deeper than {MAX_NESTING} levels"}
    try:
        parsed = parse_update(raw)
        kind, chat_id = parsed.kind, parsed.chat_id
    except Exception:  # a payload we cannot read is still kept
        logger.exception("telegram update %s could not be read", update_id)
        kind, chat_id = "unknown", None
    try:
        with transaction.atomic():
            update = TelegramUpdate.objects.create(
                update_id=update_id,
                kind=_storable(kind)[:40],  # the first key: any text, NULs too
                chat_id=chat_id,
                payload=_storable(raw),
                received_at=timezone.now(),
            )
    except IntegrityError:
        logger.info("telegram update %s already stored", update_id)
        return None
    transaction.on_commit(lambda: process_update.enqueue(update.pk))
    return update


def _storable(value: Any) -> Any:
    """The payload with NUL characters replaced and NaN/Infinity as text: PostgreSQL's jsonb
    refuses both, SQLite's JSON check fails on the numbers (the stdlib parser of a polled
    Bot API answer accepts them)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Mapping):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def do_process_update(update_pk: int) -> None:
    """Process the update, after any earlier unprocessed update of the same chat."""
    update = TelegramUpdate.objects.filter(pk=update_pk).first()
    if update is None or update.state != UpdateState.RECEIVED:
        return
    for earlier_pk in earlier_pending_update_ids(update=update):
        _process_one(earlier_pk)
    _process_one(update_pk)


def _process_one(update_pk: int) -> None:
    files: dict[str, bytes | None] = {}
    for _round in range(_DOWNLOAD_ROUNDS):
        try:
            _respond_and_mark_processed(update_pk, files)
            return
        except FilesNeeded as needed:
            try:
                files.update(_download(needed.file_ids))
            except BotApiError as exc:
                _record_failure(update_pk, exc)
                return
        except Exception as exc:  # keep the update, say so, try again later
            logger.exception("telegram update #%s failed", update_pk)
            _record_failure(update_pk, exc)
            return
    _record_failure(update_pk, RuntimeError("files kept changing while downloading"))


@transaction.atomic
def _respond_and_mark_processed(update_pk: int, files: dict[str, bytes | None]) -> None:
    update = TelegramUpdate.objects.select_for_update().filter(pk=update_pk).first()
    if update is None or update.state != UpdateState.RECEIVED:
        return
    parsed = parse_update(update.payload)
    turn = _turn(parsed, files)
    if turn is not None:
        respond(turn)
        _queue_answers(turn)
        turn.dialogue.save(
            update_fields=["language", "state", "draft", "active_ticket", "updated_at"]
        )
    update.state = UpdateState.PROCESSED
    update.outcome = (turn.outcome if turn else f"recorded ({parsed.kind})")[:200]
    update.processed_at = timezone.now()
    update.attempts += 1
    update.save(update_fields=["state", "outcome", "processed_at", "attempts"])


def _turn(update: IncomingUpdate, files: dict[str, bytes | None]) -> Turn | None:
    """The dialogue step for an update from a person; None for updates with nobody to answer."""
    user = update.user
    if user is None or update.kind not in {"message", "edited_message", "callback_query"}:
        return None
    # A private chat's id is the user's id: the dialogue is the user's, whatever the chat.
    dialogue, _ = Dialogue.objects.select_for_update().get_or_create(
        telegram_user_id=user.id,
        defaults={"chat_id": user.id, "language": user.language},
    )
    if user.language_code:
        dialogue.language = user.language
    return Turn(update=update, dialogue=dialogue, files=files)


def _queue_answers(turn: Turn) -> None:
    dialogue = turn.dialogue
    if turn.callback_answer is not None:
        do_queue_bot_message(
            dialogue=dialogue,
            kind=BotMessageKind.CALLBACK_ANSWER,
            text=turn.callback_answer,
            callback_query_id=turn.update.callback_id,
        )
    for message in turn.messages:
        do_queue_bot_message(
            dialogue=dialogue,
            chat_id=message.chat_id,
            text=message.text,
            buttons=message.buttons,
            ticket=message.ticket,
        )


def _download(file_ids: tuple[str, ...]) -> dict[str, bytes | None]:
    downloaded: dict[str, bytes | None] = {}
    with bot_api() as api:
        for file_id in file_ids:
            try:
                downloaded[file_id] = api.download_file(file_id)
            except FileTooBig:
                downloaded[file_id] = None
    return downloaded


def _record_failure(update_pk: int, exc: BaseException) -> None:
    with transaction.atomic():
        update = TelegramUpdate.objects.select_for_update().filter(pk=update_pk).first()
        if update is None or update.state != UpdateState.RECEIVED:
            return
        update.attempts += 1
        update.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        fields = ["attempts", "last_error"]
        if update.attempts >= MAX_PROCESS_ATTEMPTS:
            update.state = UpdateState.FAILED
            update.outcome = "failed"
            fields += ["state", "outcome"]
            _apologise(update)
        update.save(update_fields=fields)


def _apologise(update: TelegramUpdate) -> None:
    try:
        parsed = parse_update(update.payload)
    except ValueError:
        return
    if parsed.user is None or not parsed.is_private:
        return
    dialogue = Dialogue.objects.filter(telegram_user_id=parsed.user.id).first()
    if dialogue is not None:
        do_queue_bot_message(dialogue=dialogue, text=texts.render(texts.FAILED, dialogue.language))


def do_retry_failed_updates(update_pks: Iterable[int]) -> int:
    """Give failed updates (after a fix) another round of processing."""
    from supportdesk.telegram.tasks import process_update

    pks = list(
        TelegramUpdate.objects.filter(
            pk__in=list(update_pks), state=UpdateState.FAILED
        ).values_list("pk", flat=True)
    )
    TelegramUpdate.objects.filter(pk__in=pks).update(state=UpdateState.RECEIVED, attempts=0)
    for pk in pks:
        transaction.on_commit(functools.partial(process_update.enqueue, pk))
    return len(pks)

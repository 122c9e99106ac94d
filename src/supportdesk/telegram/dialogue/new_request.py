"""/new: a short guided dialogue that collects a fault report, then opens the request.

Description, edition, then only the checklist items that apply (steps, the affected user's
email, the diagram link, the browser or the image version), files, and a confirmation.
Every item but the description can be skipped. Answers live in `Dialogue.draft`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.template.defaultfilters import filesizeformat

from supportdesk.customers.models import Edition
from supportdesk.telegram import texts
from supportdesk.telegram.bot_api import DOWNLOAD_LIMIT_BYTES
from supportdesk.telegram.dialogue.turn import Turn
from supportdesk.telegram.inbound import message_external_id, new_request_message
from supportdesk.telegram.models import DialogueState
from supportdesk.telegram.updates import TelegramFile
from supportdesk.tickets.actions.acknowledgements import do_acknowledge_new_ticket
from supportdesk.tickets.inbound import InboundAttachment, receive
from supportdesk.tickets.models import Ticket

S = DialogueState
STEPS = (
    S.NEW_DESCRIPTION, S.NEW_EDITION, S.NEW_STEPS, S.NEW_AFFECTED_EMAIL, S.NEW_DIAGRAM,
    S.NEW_BROWSER, S.NEW_IMAGE, S.NEW_FILES, S.NEW_CONFIRM,
)  # fmt: skip
_SKIPPABLE = frozenset(STEPS) - {S.NEW_DESCRIPTION, S.NEW_CONFIRM}
# Free-text answers: the draft key and the longest value the ticket field takes.
_TEXT_ANSWERS = {
    S.NEW_STEPS: ("steps", 10_000),
    S.NEW_BROWSER: ("browser", 200),
    S.NEW_IMAGE: ("image", 300),
}
_QUESTIONS = {
    S.NEW_DESCRIPTION: texts.ASK_DESCRIPTION,
    S.NEW_EDITION: texts.ASK_EDITION,
    S.NEW_STEPS: texts.ASK_STEPS,
    S.NEW_AFFECTED_EMAIL: texts.ASK_AFFECTED_EMAIL,
    S.NEW_DIAGRAM: texts.ASK_DIAGRAM,
    S.NEW_BROWSER: texts.ASK_BROWSER,
    S.NEW_IMAGE: texts.ASK_IMAGE,
}
_SKIP_WORDS = {"skip", "/skip", "-", "пропустить", "пропуск", "нет"}
_DONE_WORDS = {"done", "готово", "всё", "все", "/done"}
_SEND_WORDS = {"send", "yes", "да", "отправить", "/send"}
_EDITION_WORDS = {
    Edition.CLOUD: {"cloud", "облако", "облачная"},
    Edition.ENTERPRISE: {"enterprise", "энтерпрайз", "коробка", "on premises"},
}


def is_wizard_state(state: str) -> bool:
    return state in STEPS


def begin(turn: Turn, *, description: str = "", file: TelegramFile | None = None) -> None:
    """Start a new request; a first message (text or file) may already come with it."""
    dialogue = turn.dialogue
    draft: dict[str, Any] = {"files": []}
    organisation = dialogue.contact.organisation if dialogue.contact else None
    if organisation is not None:
        draft["edition"] = organisation.edition
        draft["edition_known"] = True
    dialogue.draft = draft
    turn.outcome = "new request started"
    if file is not None:
        _keep_file(turn, file, announce=False)
    if description.strip():
        _set_description(turn, description)
        _advance(turn, S.NEW_DESCRIPTION)
        return
    _ask(turn, S.NEW_DESCRIPTION)


def on_message(turn: Turn) -> None:
    update = turn.update
    state = S(turn.dialogue.state)
    turn.outcome = f"answered {state.value}"
    if update.file is not None:
        kept = _keep_file(turn, update.file, announce=state != S.NEW_FILES)
        if state == S.NEW_DESCRIPTION and update.text.strip():
            _set_description(turn, update.text)
            _advance(turn, state)
        elif state == S.NEW_FILES and kept:
            turn.say(texts.FILE_RECEIVED, name=update.file.file_name, buttons=_buttons(turn, state))
        return
    text = update.text.strip()
    word = text.lower()
    if state in _SKIPPABLE and word in _SKIP_WORDS:
        skip(turn)
        return
    match state:
        case S.NEW_DESCRIPTION:
            _set_description(turn, text)
            _advance(turn, state)
        case S.NEW_EDITION:
            edition = next((e for e, words in _EDITION_WORDS.items() if word in words), None)
            if edition is None:
                turn.say(texts.CHOOSE_EDITION, buttons=_buttons(turn, state))
                return
            _choose_edition(turn, edition)
        case S.NEW_AFFECTED_EMAIL:
            try:
                validate_email(text)
            except ValidationError:
                turn.say(texts.BAD_AFFECTED_EMAIL, buttons=_buttons(turn, state))
                return
            turn.dialogue.draft["affected_email"] = text.lower()
            _advance(turn, state)
        case S.NEW_DIAGRAM:
            try:
                URLValidator(schemes=["http", "https"])(text)
            except ValidationError:
                turn.say(texts.BAD_LINK, buttons=_buttons(turn, state))
                return
            turn.dialogue.draft["diagram"] = text[:2000]
            _advance(turn, state)
        case S.NEW_FILES:
            if word in _DONE_WORDS:
                _advance(turn, state)
            else:
                turn.say(texts.SEND_FILE_OR_DONE, buttons=_buttons(turn, state))
        case S.NEW_CONFIRM:
            if word in _SEND_WORDS:
                _create(turn)
            else:
                turn.say(texts.CONFIRM_WITH_BUTTONS, buttons=_buttons(turn, state))
        case _:
            key, limit = _TEXT_ANSWERS[state]
            turn.dialogue.draft[key] = text[:limit]
            _advance(turn, state)


def on_button(turn: Turn, action: str) -> None:
    state = S(turn.dialogue.state)
    turn.outcome = f"pressed {action} at {state.value}"
    turn.answer_button()
    if action == "skip" and state in _SKIPPABLE:
        skip(turn)
    elif action == "done" and state == S.NEW_FILES:
        _advance(turn, state)
    elif action == "send" and state == S.NEW_CONFIRM:
        _create(turn)
    elif action == "cancel":
        cancel(turn)
    elif action.startswith("edition:") and state == S.NEW_EDITION:
        _choose_edition(turn, action.removeprefix("edition:"))
    else:
        turn.answer_button(texts.STALE_BUTTON)
        turn.outcome = "stale button"


def skip(turn: Turn) -> None:
    _advance(turn, S(turn.dialogue.state))


def skip_command(turn: Turn) -> None:
    """/skip: the next question, or the current one again where it cannot be skipped."""
    state = S(turn.dialogue.state)
    if state in _SKIPPABLE:
        skip(turn)
    else:
        _ask(turn, state)


def cancel(turn: Turn) -> None:
    turn.dialogue.state = S.IDLE
    turn.dialogue.draft = {}
    turn.say(texts.CANCELLED)
    turn.outcome = "new request cancelled"


def _set_description(turn: Turn, text: str) -> None:
    turn.dialogue.draft["description"] = text.strip()
    # The request's first message is the one that described it: a redelivered
    # confirmation finds the ticket already made from it.
    turn.dialogue.draft["external_id"] = message_external_id(turn.update)


def _choose_edition(turn: Turn, edition: str) -> None:
    if edition not in Edition.values:
        turn.say(texts.CHOOSE_EDITION, buttons=_buttons(turn, S.NEW_EDITION))
        return
    turn.dialogue.draft["edition"] = edition
    _advance(turn, S.NEW_EDITION)


def _keep_file(turn: Turn, file: TelegramFile, *, announce: bool) -> bool:
    if too_big_to_download(file):
        say_too_big(turn, file.file_name, file.file_size)
        return False
    turn.dialogue.draft.setdefault("files", []).append(
        {"id": file.file_id, "name": file.file_name, "type": file.mime_type}
    )
    if announce:
        turn.say(texts.FILE_KEPT, name=file.file_name)
    return True


def too_big_to_download(file: TelegramFile) -> bool:
    return file.file_size is not None and file.file_size > DOWNLOAD_LIMIT_BYTES


def say_too_big(turn: Turn, name: str, size: int | None) -> None:
    turn.say(texts.FILE_TOO_BIG, name=name, size=filesizeformat(size or DOWNLOAD_LIMIT_BYTES + 1))


def _applies(step: S, draft: dict[str, Any]) -> bool:
    edition = str(draft.get("edition", ""))
    if step == S.NEW_EDITION:
        return not draft.get("edition_known")
    if step == S.NEW_BROWSER:
        return edition != Edition.ENTERPRISE
    if step == S.NEW_IMAGE:
        return edition == Edition.ENTERPRISE
    return True


def _advance(turn: Turn, after: S) -> None:
    draft = turn.dialogue.draft
    following = STEPS[STEPS.index(after) + 1 :]
    step = next(s for s in following if _applies(s, draft))
    _ask(turn, step)


def _ask(turn: Turn, step: S) -> None:
    turn.dialogue.state = step
    buttons = _buttons(turn, step)
    if step == S.NEW_CONFIRM:
        turn.say(texts.CONFIRM, summary=_summary(turn), buttons=buttons)
    elif step == S.NEW_FILES:
        enterprise = turn.dialogue.draft.get("edition") == Edition.ENTERPRISE
        question = texts.ASK_FILES_ENTERPRISE if enterprise else texts.ASK_FILES_CLOUD
        turn.say(question, buttons=buttons)
    else:
        turn.say(_QUESTIONS[step], buttons=buttons)


def _buttons(turn: Turn, step: S) -> list[list[dict[str, str]]]:
    if step == S.NEW_EDITION:
        return [
            [
                turn.button(texts.BUTTON_CLOUD, "wiz:edition:cloud"),
                turn.button(texts.BUTTON_ENTERPRISE, "wiz:edition:enterprise"),
            ],
            [turn.button(texts.BUTTON_SKIP, "wiz:skip")],
        ]
    if step == S.NEW_FILES:
        return [[turn.button(texts.BUTTON_DONE, "wiz:done")]]
    if step == S.NEW_CONFIRM:
        return [
            [
                turn.button(texts.BUTTON_SEND, "wiz:send"),
                turn.button(texts.BUTTON_CANCEL, "wiz:cancel"),
            ]
        ]
    if step in _SKIPPABLE:
        return [[turn.button(texts.BUTTON_SKIP, "wiz:skip")]]
    return []


def _edition_label(turn: Turn, edition: str) -> str:
    return turn.text(
        texts.BUTTON_ENTERPRISE if edition == Edition.ENTERPRISE else texts.BUTTON_CLOUD
    )


def _summary(turn: Turn) -> str:
    draft = turn.dialogue.draft
    lines = [turn.text(texts.SUMMARY_DESCRIPTION, value=draft.get("description", ""))]
    if draft.get("edition"):
        lines.append(turn.text(texts.SUMMARY_EDITION, value=_edition_label(turn, draft["edition"])))
    for key, label in (
        ("steps", texts.SUMMARY_STEPS),
        ("affected_email", texts.SUMMARY_AFFECTED_EMAIL),
        ("diagram", texts.SUMMARY_DIAGRAM),
        ("browser", texts.SUMMARY_BROWSER),
        ("image", texts.SUMMARY_IMAGE),
    ):
        if draft.get(key):
            lines.append(turn.text(label, value=draft[key]))
    if draft.get("files"):
        names = ", ".join(f["name"] for f in draft["files"])
        lines.append(turn.text(texts.SUMMARY_FILES, value=names))
    return "\n".join(lines)


def _create(turn: Turn) -> None:
    dialogue = turn.dialogue
    draft = dialogue.draft
    files = draft.get("files", [])
    contents = turn.downloaded(f["id"] for f in files)
    attachments = [
        InboundAttachment(f["name"], data, f["type"])
        for f in files
        if (data := contents[f["id"]]) is not None
    ]
    text = draft.get("description", "")
    if draft.get("edition") and not draft.get("edition_known"):
        text += "\n\n" + turn.text(
            texts.SUMMARY_EDITION, value=_edition_label(turn, draft["edition"])
        )
    result = receive(
        new_request_message(
            turn.update, language=turn.language, draft=draft, text=text, attachments=attachments
        )
    )
    dialogue.state = S.IDLE
    dialogue.draft = {}
    dialogue.active_ticket = result.ticket
    announce_created(turn, result.ticket)
    too_big = [f["name"] for f in files if contents[f["id"]] is None]
    if too_big:
        turn.say(texts.NOT_ATTACHED, names=", ".join(too_big))


def announce_created(turn: Turn, ticket: Ticket) -> None:
    """The new request's acknowledgement, said in the bot's answer to this update."""

    def words(*, ticket: Ticket, language: str, promise: str | None) -> str:
        return turn.text(
            texts.CREATED, number=ticket.number, promise=promise or turn.text(texts.NO_PROMISE)
        )

    do_acknowledge_new_ticket(
        ticket=ticket,
        words=words,
        language=turn.language,
        say=lambda body: turn.say(body, ticket=ticket),
    )
    turn.outcome = f"created #{ticket.number}"

"""/start and /email: who the Telegram user is, proved by a code sent to their email."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from supportdesk.telegram import texts
from supportdesk.telegram.actions.linking import (
    CODE_TTL,
    CodeCheck,
    do_check_link_code,
    do_request_link_code,
)
from supportdesk.telegram.dialogue.turn import Turn
from supportdesk.telegram.models import DialogueState


def start(turn: Turn) -> None:
    dialogue = turn.dialogue
    dialogue.draft = {}
    if dialogue.contact is not None:
        dialogue.state = DialogueState.IDLE
        turn.say(texts.GREETING_LINKED, email=dialogue.contact.email, commands=texts.COMMANDS)
        turn.outcome = "greeted"
        return
    dialogue.state = DialogueState.LINK_EMAIL
    turn.say(texts.GREETING_UNLINKED)
    turn.outcome = "greeted, asked for email"


def ask_email(turn: Turn) -> None:
    turn.dialogue.state = DialogueState.LINK_EMAIL
    turn.dialogue.draft = {}
    turn.say(texts.ASK_EMAIL)
    turn.outcome = "asked for email"


def on_email(turn: Turn) -> None:
    email = turn.update.text.strip()
    try:
        validate_email(email)
    except ValidationError:
        turn.say(texts.BAD_EMAIL)
        turn.outcome = "bad email"
        return
    if do_request_link_code(dialogue=turn.dialogue, email=email) is None:
        turn.say(texts.TOO_MANY_CODES)
        turn.outcome = "too many codes"
        return
    turn.dialogue.state = DialogueState.LINK_CODE
    turn.say(texts.CODE_SENT, email=email.lower(), minutes=int(CODE_TTL.total_seconds() // 60))
    turn.outcome = "code requested"


def on_code(turn: Turn) -> None:
    text = turn.update.text.strip()
    if "@" in text:
        # Another address instead of the code: start over with it.
        on_email(turn)
        return
    user = turn.update.user
    result = do_check_link_code(
        dialogue=turn.dialogue, submitted=text, name=user.name if user else ""
    )
    turn.outcome = f"code {result.outcome.value}"
    match result.outcome:
        case CodeCheck.LINKED:
            assert result.contact is not None
            turn.dialogue.state = DialogueState.IDLE
            turn.say(texts.LINKED, email=result.contact.email, commands=texts.COMMANDS)
        case CodeCheck.WRONG:
            turn.say(texts.CODE_WRONG, left=result.attempts_left)
        case CodeCheck.EXHAUSTED:
            turn.dialogue.state = DialogueState.LINK_EMAIL
            turn.say(texts.CODE_EXHAUSTED)
        case CodeCheck.EXPIRED:
            turn.dialogue.state = DialogueState.LINK_EMAIL
            turn.say(texts.CODE_EXPIRED)

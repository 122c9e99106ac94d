"""The bot's side of the conversation: one update in, the dialogue's next state and answers out.

A small state machine whose state lives in `Dialogue` (so it survives restarts):
linking by email code (`linking`), the /new wizard (`new_request`), /my and the active
request (`my_requests`). Everything here runs inside the transaction that marks the update
processed; the answers are queued by the caller.
"""

from __future__ import annotations

from supportdesk.telegram import texts
from supportdesk.telegram.dialogue import linking, my_requests, new_request
from supportdesk.telegram.dialogue.turn import FilesNeeded, PlannedMessage, Turn
from supportdesk.telegram.models import DialogueState

__all__ = ["FilesNeeded", "PlannedMessage", "Turn", "respond"]


def respond(turn: Turn) -> None:
    update = turn.update
    if update.kind == "callback_query":
        _on_button(turn)
        if turn.callback_answer is None:
            turn.answer_button()
        return
    if update.kind == "edited_message":
        if update.is_private:
            turn.say(texts.EDITED)
        turn.outcome = "edited message not applied"
        return
    if update.kind != "message":
        turn.outcome = f"recorded ({update.kind})"
        return
    if not update.is_private:
        if update.unsupported != "service":
            turn.say(texts.GROUP_CHAT, chat_id=update.chat_id)
        turn.outcome = f"refused: {update.chat_type or 'unknown'} chat"
        return
    if update.unsupported == "service":
        turn.outcome = "service message"
        return
    if update.unsupported:
        turn.say(texts.UNSUPPORTED)
        turn.outcome = f"unsupported: {update.unsupported}"
        return
    if command := update.command:
        _on_command(turn, command[0])
        return
    dialogue = turn.dialogue
    if dialogue.state == DialogueState.LINK_EMAIL:
        linking.on_email(turn)
    elif dialogue.state == DialogueState.LINK_CODE:
        linking.on_code(turn)
    elif dialogue.contact is None:
        turn.say(texts.NEED_LINK)
        turn.outcome = "not linked"
    elif new_request.is_wizard_state(dialogue.state):
        new_request.on_message(turn)
    else:
        my_requests.on_message(turn)


def _on_command(turn: Turn, name: str) -> None:
    dialogue = turn.dialogue
    if name == "start":
        linking.start(turn)
    elif name == "email":
        linking.ask_email(turn)
    elif name == "cancel":
        if dialogue.state == DialogueState.IDLE:
            turn.say(texts.NOTHING_TO_CANCEL)
            turn.outcome = "nothing to cancel"
        else:
            new_request.cancel(turn)
    elif name in {"new", "my", "skip"} and dialogue.contact is None:
        turn.say(texts.NEED_LINK)
        turn.outcome = "not linked"
    elif name == "new":
        new_request.begin(turn)
    elif name == "my":
        my_requests.show_list(turn)
    elif name == "skip" and new_request.is_wizard_state(dialogue.state):
        new_request.skip_command(turn)
    else:
        turn.say(texts.HELP, commands=texts.COMMANDS)
        turn.outcome = f"help (/{name})"


def _on_button(turn: Turn) -> None:
    data = turn.update.callback_data
    prefix, _, rest = data.partition(":")
    if prefix == "open" and rest.isdigit():
        my_requests.open_request(turn, int(rest))
    elif prefix == "wiz" and new_request.is_wizard_state(turn.dialogue.state):
        new_request.on_button(turn, rest)
    else:
        turn.answer_button(texts.STALE_BUTTON)
        turn.outcome = "stale button"

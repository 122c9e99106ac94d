"""Everything the chat widget says, in English msgids with the Russian in the app's catalogue.

The widget asks for its words once (`widget_texts`), in the language of the host page: Russian
unless the page says English. Server messages (refusals, errors) come in the same language.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WIDGET: dict[str, Promise] = {
    "open": _("Support chat"),
    "close": _("Close the chat"),
    "title": _("Support"),
    "placeholder": _("Write a message…"),
    "send": _("Send"),
    "attach": _("Attach a file"),
    "new_conversation": _("New conversation"),
    "history": _("Earlier conversations"),
    "back": _("Back"),
    "closed_conversation": _("This conversation is closed. Start a new one to write to us."),
    "you": _("You"),
    "agent": _("Support"),
    "typing": _("Support is typing…"),
    "read": pgettext_lazy("chat message state", "Read"),
    "sent": pgettext_lazy("chat message state", "Sent"),
    "sending": pgettext_lazy("chat message state", "Sending…"),
    "failed": _("Not sent. Tap to try again."),
    "connecting": _("Connecting…"),
    "offline": _("No connection. Messages will be sent when it is back."),
    "empty": _("Ask us anything: we will answer here."),
    "uploading": _("Uploading %(name)s…"),
    "upload_failed": _("%(name)s was not sent: %(reason)s"),
    "status_new": _("New"),
    "status_open": _("In progress"),
    "status_waiting": _("Waiting for your answer"),
    "status_resolved": _("Solved"),
    "status_closed": _("Closed"),
    "offline_now": _(
        "Nobody is online now: we work 11:00–20:00 Moscow time on working days. Write anyway — "
        "the answer will come here and by email."
    ),
    # %(when)s is filled in by the widget: "7 December, 11:00".
    "opens_at": _("We will be back on %(when)s."),
}

REFUSED = {
    "identity": _(
        "The chat could not confirm who you are. Reload the page; if it happens again, write "
        "to us by email or through the support portal."
    ),
    "expired": _("Your chat session has expired. Reload the page to continue."),
    "host": _("The chat is not available on this site."),
    "enterprise": _(
        "The chat is for customers of the cloud edition. As an Enterprise customer, please "
        "write to us through the support portal, by email or in Telegram: your requests there "
        "are handled under your Enterprise agreement."
    ),
}

ERRORS = {
    "too_long": _("The message is too long: at most %(limit)s characters."),
    "empty": _("The message is empty."),
    "rate": _("You are sending messages too fast. Please wait a minute."),
    "not_yours": _("This conversation is not available."),
    "closed": _("This conversation is closed. Start a new one to write to us."),
    "bad_request": _("The chat could not understand the request. Reload the page."),
    "rejected": _("The message could not be taken in: %(reason)s"),
    "file_too_big": _("The file is too big: at most %(limit)s."),
    "too_many_files": _("Too many files at once: at most %(limit)s."),
}


def chat_language(requested: str) -> str:
    """Russian unless the host page asked for English."""
    return "en" if requested[:2].lower() == "en" else "ru"


def widget_texts(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(text) for key, text in WIDGET.items()}


def say(text: Promise, language: str, **values: object) -> str:
    with translation.override(language):
        return str(text) % values if values else str(text)

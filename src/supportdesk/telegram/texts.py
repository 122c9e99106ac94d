"""Everything the bot says, in English msgids with the Russian in the app's catalogue.

Texts are rendered in the dialogue's language: Russian by default, English for users whose
Telegram language is English.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COMMANDS = _(
    "/new — create a request\n"
    "/my — your requests and their status\n"
    "/cancel — stop what we are doing\n"
    "/email — sign in with another email address\n"
    "/help — this list"
)
GREETING_UNLINKED = _(
    "Hello! I am the support bot. Here you can create requests, send files and follow "
    "their status.\n\nFirst let us confirm who you are: send me the email address you use "
    "with us, and I will email you a one-time code."
)
GREETING_LINKED = _("Hello! You are signed in as %(email)s.\n\n%(commands)s")
HELP = _("What I can do:\n\n%(commands)s")
ASK_EMAIL = _("Send me your email address, and I will email you a one-time code.")
BAD_EMAIL = _("That does not look like an email address. Please send one like name@company.com.")
CODE_SENT = _(
    "I have sent a code to %(email)s. Send it to me here; it is valid for %(minutes)s minutes."
)
TOO_MANY_CODES = _("Too many codes were requested. Please try again in an hour.")
CODE_WRONG = _("Wrong code. Attempts left: %(left)s.")
CODE_EXHAUSTED = _(
    "Too many wrong attempts: that code no longer works. Send your email address again to get "
    "a new one."
)
CODE_EXPIRED = _("The code has expired. Send your email address again to get a new one.")
LINKED = _("Done: you are signed in as %(email)s.\n\n%(commands)s")
NEED_LINK = _("First let us confirm your email address: send /start.")

ASK_DESCRIPTION = _(
    "Describe the problem: what happened, and what did you expect? (/cancel stops the request)"
)
ASK_EDITION = _("Which edition do you use?")
ASK_STEPS = _("How can we reproduce it? List the steps, one per line.")
ASK_AFFECTED_EMAIL = _("The email address of the user who sees the error, if it is not you.")
ASK_DIAGRAM = _("A link to the diagram, if the problem concerns one diagram.")
ASK_BROWSER = _("Your browser and its version, for example Chrome 131.")
ASK_IMAGE = _("The version (tag) of the container image you run, for example 5.2.1.")
ASK_FILES_CLOUD = _(
    "Send files as documents: a HAR archive recorded while the error happens, screenshots. "
    "Press “Done” when you have sent them all."
)
ASK_FILES_ENTERPRISE = _(
    "Send files as documents: the container log, a HAR archive recorded while the error "
    "happens, screenshots. Press “Done” when you have sent them all."
)
BAD_LINK = _("That does not look like a link (https://…). Send the link or press “Skip”.")
BAD_AFFECTED_EMAIL = _(
    "That does not look like an email address. Send one like name@company.com or press “Skip”."
)
CHOOSE_EDITION = _("Please choose with the buttons, or press “Skip”.")
FILE_RECEIVED = _("Got %(name)s. Send more files or press “Done”.")
FILE_KEPT = _("Got %(name)s; it will be attached to the request.")
SEND_FILE_OR_DONE = _("Send a file as a document, or press “Done”.")
FILE_TOO_BIG = _(
    "%(name)s is %(size)s: Telegram lets bots download files of up to 20 MB only. Please "
    "compress it (zip), or send it to our support email address."
)
CONFIRM = _("Please check your request:\n\n%(summary)s\n\nSend it?")
CONFIRM_WITH_BUTTONS = _("Press “Send” or “Cancel”.")
SUMMARY_DESCRIPTION = _("Problem: %(value)s")
SUMMARY_EDITION = _("Edition: %(value)s")
SUMMARY_STEPS = _("Steps: %(value)s")
SUMMARY_AFFECTED_EMAIL = _("Affected user: %(value)s")
SUMMARY_DIAGRAM = _("Diagram: %(value)s")
SUMMARY_BROWSER = _("Browser: %(value)s")
SUMMARY_IMAGE = _("Image version: %(value)s")
SUMMARY_FILES = _("Files: %(value)s")
CREATED = _(
    "Request #%(number)s is created. %(promise)s.\n\nWrite here to add to it; /my shows all "
    "your requests."
)
NO_PROMISE = _("We will answer as soon as we can")
NOT_ATTACHED = _("Not attached (over 20 MB): %(names)s.")
CANCELLED = _("Cancelled. /new starts a new request.")
NOTHING_TO_CANCEL = _("There is nothing to cancel.")

MY_NONE = _("You have no requests yet. /new creates one.")
MY_LIST = _("Your requests; choose one to see its messages and continue it:\n\n%(lines)s")
MY_LINE = _("#%(number)s · %(status)s%(due)s — %(subject)s")
DUE = _(" · due %(due)s")
REQUEST_VIEW = _(
    "Request #%(number)s: %(subject)s\nStatus: %(status)s%(due)s\n\n%(messages)s\n\n"
    "What you write now is added to this request."
)
NO_MESSAGES = _("(no messages yet)")
FROM_YOU = _("You")
FROM_SUPPORT = _("Support")
REQUEST_UNAVAILABLE = _("This request is not available.")
APPENDED = _("Added to request #%(number)s.")

AGENT_REPLY = _("Support, request #%(number)s:\n\n%(body)s")
STATUS_CHANGED = _("Request #%(number)s: the status is now “%(status)s”.")

UNSUPPORTED = _(
    "Sorry, I cannot add stickers, voice messages, locations, payments and the like to a "
    "request. Please write text, or send the file as a document."
)
EDITED = _(
    "I cannot change a message that is already in the request. Please send the correction as "
    "a new message."
)
GROUP_CHAT = _("I work in private chats only. Please write to me directly.")
STALE_BUTTON = _("This button no longer works.")
FAILED = _(
    "Sorry, something went wrong on our side. Your message is saved, and we will look into it."
)

BUTTON_SKIP = _("Skip")
BUTTON_DONE = _("Done")
BUTTON_SEND = _("Send")
BUTTON_CANCEL = _("Cancel")
BUTTON_CLOUD = _("Cloud")
BUTTON_ENTERPRISE = _("Enterprise (on premises)")

EMAIL_SUBJECT = _("Your code for the support bot: %(code)s")
EMAIL_BODY = _(
    "Your one-time code: %(code)s\n\n"
    "Send it to the support bot in Telegram to link your Telegram account to %(email)s. The "
    "code is valid for %(minutes)s minutes.\n\n"
    "If you did not ask for it, ignore this email: nobody can use your address without the code."
)


def render(text: str | Promise, language: str, **params: object) -> str:
    """`text` in `language` ("ru" unless "en"), with its %(name)s placeholders filled."""
    with translation.override("en" if language == "en" else "ru"):
        rendered = str(text)
        values = {k: str(v) for k, v in params.items()}
        return rendered % values if params else rendered

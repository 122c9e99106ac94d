"""The Telegram channel's own rows: the bot's settings, updates as received, dialogues, link
codes, the bot's outbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Contact, Language
from supportdesk.secrets_at_rest import EncryptedTextField
from supportdesk.tickets.models import DeliveryStatus, Ticket


class BotMode(models.TextChoices):
    POLLING = "polling", _("Long polling (no public address needed)")
    WEBHOOK = "webhook", _("Webhook (Telegram calls the desk)")


class BotSettings(models.Model):
    """The bot as the admin configures it: one row. TELEGRAM_BOT_TOKEN, when set, wins over it
    (see `supportdesk.telegram.bot_config`)."""

    SINGLETON_PK = 1

    token = EncryptedTextField(_("bot token"), blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=BotMode.choices, default=BotMode.POLLING
    )
    webhook_url = models.URLField(_("webhook URL"), max_length=500, blank=True)
    webhook_secret = EncryptedTextField(_("webhook secret"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("Telegram bot settings")
        verbose_name_plural = _("Telegram bot settings")

    def __str__(self) -> str:
        return str(_("Telegram bot settings"))


class UpdateState(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class TelegramUpdate(models.Model):
    """One update as Telegram sent it; its `update_id` is stored once, processed once.

    The row is written when the update arrives (the polling offset advances, or the webhook
    answers 200, only after that); `processed_at` is set in the transaction that stores what
    the update meant (the ticket message, the dialogue's new state, the bot's answers).
    """

    update_id = models.BigIntegerField(_("update id"), unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    chat_id = models.BigIntegerField(_("chat"), null=True, blank=True, db_index=True)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=UpdateState.choices,
        default=UpdateState.RECEIVED,
        db_index=True,
    )
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Telegram update")
        verbose_name_plural = _("Telegram updates")
        ordering = ["-update_id"]

    def __str__(self) -> str:
        return f"{self.update_id} ({self.kind})"


class DialogueState(models.TextChoices):
    IDLE = "idle", _("Idle")
    LINK_EMAIL = "link_email", _("Waiting for an email address")
    LINK_CODE = "link_code", _("Waiting for the email code")
    NEW_DESCRIPTION = "new_description", _("New request: description")
    NEW_EDITION = "new_edition", _("New request: edition")
    NEW_STEPS = "new_steps", _("New request: reproduction steps")
    NEW_AFFECTED_EMAIL = "new_affected_email", _("New request: affected user's email")
    NEW_DIAGRAM = "new_diagram", _("New request: diagram link")
    NEW_BROWSER = "new_browser", _("New request: browser version")
    NEW_IMAGE = "new_image", _("New request: image version")
    NEW_FILES = "new_files", _("New request: files")
    NEW_CONFIRM = "new_confirm", _("New request: confirmation")


class Dialogue(models.Model):
    """The bot's conversation with one Telegram user, kept in the database across restarts."""

    telegram_user_id = models.BigIntegerField(_("Telegram user id"), unique=True)
    chat_id = models.BigIntegerField(_("chat id"))
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="telegram_dialogues",
        verbose_name=_("contact"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.RUSSIAN
    )
    state = models.CharField(
        _("state"), max_length=30, choices=DialogueState.choices, default=DialogueState.IDLE
    )
    # The /new wizard's answers so far and the files sent for it (Telegram file ids).
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    active_ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("active request"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Telegram dialogue")
        verbose_name_plural = _("Telegram dialogues")

    def __str__(self) -> str:
        return f"tg:{self.telegram_user_id}"


class LinkCode(models.Model):
    """A one-time code mailed to prove an email address; only its keyed hash is kept."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="link_codes", verbose_name=_("dialogue")
    )
    email = models.EmailField(_("email"))
    code_hash = models.CharField(_("code hash"), max_length=64, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"))
    # Set when the code is generated and mailed (by a task); the code counts from then.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("email link code")
        verbose_name_plural = _("email link codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"


class BotMessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    CALLBACK_ANSWER = "callback_answer", _("Button answer")


class BotMessage(models.Model):
    """Something the bot says (dialogue answers, announcements), sent through its own outbox.

    Written in the transaction that decided it, sent by a task with retries; `ticket` says
    which request the message is about, so a reply to it continues that request.
    """

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="bot_messages", verbose_name=_("dialogue")
    )
    # The dialogue's private chat, or a group the bot answered once to refuse it.
    chat_id = models.BigIntegerField(_("chat id"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=BotMessageKind.choices, default=BotMessageKind.MESSAGE
    )
    text = models.TextField(_("text"), blank=True)
    # Inline keyboard rows: [[{"text": …, "data": …}, …], …]
    buttons = models.JSONField(_("buttons"), default=list, blank=True)
    callback_query_id = models.CharField(_("callback query"), max_length=100, blank=True)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    telegram_message_id = models.BigIntegerField(_("Telegram message id"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("bot message")
        verbose_name_plural = _("bot messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["chat_id", "telegram_message_id"], name="botmsg_chat_msg")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.chat_id} ({self.status})"

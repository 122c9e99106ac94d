from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.secrets_at_rest import EncryptedTextField
from supportdesk.tickets.models import Message, Ticket


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (trusted network only)")


class Mailbox(models.Model):
    """One address customers write to: where its mail is read (IMAP) and sent from (SMTP)."""

    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("address customers write to"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    imap_host = models.CharField(_("IMAP host"), max_length=253)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    imap_login = models.CharField(_("IMAP login"), max_length=320)
    imap_password = EncryptedTextField(_("IMAP password"), blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=200, default="INBOX")
    poll_interval_seconds = models.PositiveIntegerField(_("poll every (seconds)"), default=60)

    # Empty SMTP host: replies go out through the desk-wide mailer (EMAIL_* settings).
    smtp_host = models.CharField(_("SMTP host"), max_length=253, blank=True)
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=587)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=10, choices=Security.choices, default=Security.STARTTLS
    )
    smtp_login = models.CharField(_("SMTP login"), max_length=320, blank=True)
    smtp_password = EncryptedTextField(_("SMTP password"), blank=True)

    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # A poller holds the mailbox until this instant, so two workers never read it at once.
    poll_lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class InboundEmail(models.Model):
    """The email behind a customer message: its Message-ID (for threading) and raw bytes."""

    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, related_name="email", verbose_name=_("message")
    )
    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("mailbox")
    )
    header_message_id = models.CharField(_("Message-ID"), max_length=998, db_index=True)
    references = models.TextField(_("In-Reply-To and References"), blank=True)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    quoted_text = models.TextField(_("quoted history"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    raw = models.BinaryField(_("raw message"))

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")

    def __str__(self) -> str:
        return self.header_message_id


class IntakeAction(models.TextChoices):
    CREATED = "created", _("Ticket created")
    APPENDED = "appended", _("Added to a ticket")
    IGNORED = "ignored", _("Ignored")
    REJECTED = "rejected", _("Rejected")


class IntakeRecord(models.Model):
    """What the intake did with one delivered email; ignored and rejected mail keeps its bytes."""

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("mailbox")
    )
    source = models.CharField(_("source"), max_length=20)
    external_id = models.CharField(_("external id"), max_length=998, db_index=True)
    sender = models.CharField(_("sender"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=IntakeAction.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("ticket")
    )
    raw = models.BinaryField(_("raw message"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("email intake record")
        verbose_name_plural = _("email intake log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.external_id}"

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Edition(models.TextChoices):
    CLOUD = "cloud", _("Cloud")
    ENTERPRISE = "enterprise", _("Enterprise")


class Plan(models.TextChoices):
    FREE = "free", _("Free")
    TEAM = "team", _("Team")
    ENTERPRISE = "enterprise", _("Enterprise")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    edition = models.CharField(_("edition"), max_length=20, choices=Edition.choices)
    plan = models.CharField(_("plan"), max_length=20, choices=Plan.choices, default=Plan.FREE)
    seats = models.PositiveIntegerField(_("seats"), default=1)
    members_see_all_tickets = models.BooleanField(
        _("members see all of the organisation's tickets"), default=False
    )
    # The cloud application's id of the team (what its signed chat identity names).
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The team's id in the cloud application; filled in by the chat widget."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="organisation_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationDomain(models.Model):
    """An email domain whose senders belong to the organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("organisation"),
    )
    domain = models.CharField(_("domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("email domain")
        verbose_name_plural = _("email domains")

    def __str__(self) -> str:
        return self.domain


class Language(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class Contact(models.Model):
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    is_organisation_admin = models.BooleanField(
        _("organisation admin"),
        default=False,
        help_text=_(
            "May decide in the portal whether members see all of the organisation's tickets."
        ),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.RUSSIAN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="contact_email_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"#{self.pk}"


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("Email address")
    TELEGRAM = "telegram", _("Telegram user")
    CHAT = "chat", _("Cloud app user")
    PORTAL = "portal", _("Portal account")


class Identity(models.Model):
    """How a contact is known on one channel; each resolves to exactly one contact."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="identities", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IdentityKind.choices)
    external_id = models.CharField(_("external id"), max_length=320)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [
            models.UniqueConstraint(fields=["kind", "external_id"], name="identity_unique_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.external_id}"

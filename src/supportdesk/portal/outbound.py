"""Replies on portal requests reach the customer as an email notification with a link."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from supportdesk.accounts.models import User
from supportdesk.tickets.models import OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult, delivery_message_id


class PortalChannel:
    name = "portal"

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        # The portal identity's external id is the account's primary key.
        user = User.objects.filter(pk=int(delivery.recipient), is_active=True).first()
        if user is None or not user.email:
            return DeliveryResult(ok=False, error="portal account gone", permanent=True)
        message = delivery.message
        ticket = message.ticket
        language = ticket.requester.language or settings.LANGUAGE_CODE
        with translation.override(language):
            link = settings.SUPPORTDESK_BASE_URL.rstrip("/") + reverse(
                "portal:request", args=[ticket.number]
            )
            body = render_to_string(
                "portal/email/reply_notification.txt",
                {"ticket": ticket, "message": message, "link": link},
            )
            subject = render_to_string(
                "portal/email/reply_notification_subject.txt", {"ticket": ticket}
            ).strip()
        message_id = delivery_message_id(delivery, settings.DEFAULT_FROM_EMAIL)
        email = EmailMessage(
            subject=subject, body=body, to=[user.email], headers={"Message-ID": f"<{message_id}>"}
        )
        if message.is_automatic:
            email.extra_headers["Auto-Submitted"] = "auto-replied"
        email.send()
        return DeliveryResult(ok=True, external_id=f"portal-mail-{delivery.pk}")

"""`EmailChannel`: sends one outbox delivery over SMTP, threaded into the customer's mail.

The Message-ID is derived from the delivery, so a retry after a lost answer re-sends the
same message (receivers drop the duplicate) and a customer's reply threads back by it.
"""

from __future__ import annotations

import logging
import smtplib
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend
from django.utils.html import linebreaks

from supportdesk.mail.models import Mailbox, Security
from supportdesk.mail.selectors import (
    latest_customer_message_id,
    mailbox_for_ticket,
    thread_message_ids,
)
from supportdesk.mail.threading import subject_with_token
from supportdesk.tickets.models import OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult, delivery_message_id

logger = logging.getLogger(__name__)

# Per network operation; a whole conversation stays well inside SUPPORTDESK_CLAIM_TIMEOUT.
SMTP_TIMEOUT_SECONDS = 10


class EmailChannel:
    name = "email"

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        message = delivery.message
        ticket = message.ticket
        mailbox = mailbox_for_ticket(ticket=ticket)
        sender = (
            formataddr((mailbox.name, mailbox.address)) if mailbox else settings.DEFAULT_FROM_EMAIL
        )
        message_id = delivery_message_id(delivery, mailbox.address if mailbox else sender)
        headers = {"Message-ID": f"<{message_id}>"}
        if replied := latest_customer_message_id(ticket=ticket):
            headers["In-Reply-To"] = f"<{replied}>"
        if references := thread_message_ids(ticket=ticket):
            headers["References"] = " ".join(f"<{i}>" for i in references)
        if message.is_automatic:
            # RFC 3834: auto-responders must not answer this; Exchange: no out-of-office.
            headers["Auto-Submitted"] = "auto-replied"
            headers["X-Auto-Response-Suppress"] = "All"
        email = EmailMultiAlternatives(
            subject=subject_with_token(ticket.subject, ticket.number),
            body=message.body_text,
            from_email=sender,
            to=[delivery.recipient],
            headers=headers,
        )
        # The HTML part is the text, escaped: names and canned values may hold markup.
        email.attach_alternative(linebreaks(message.body_text, autoescape=True), "text/html")
        for attachment in message.attachments.all():
            with attachment.file.open("rb") as stored:
                email.attach(attachment.filename, stored.read(), attachment.content_type)
        try:
            with mailbox_connection(mailbox) as connection:
                connection.send_messages([email])
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            return _failure(exc, permanent=all(code >= 500 for code in codes))
        except smtplib.SMTPResponseException as exc:
            return _failure(exc, permanent=exc.smtp_code >= 500)
        return DeliveryResult(ok=True, external_id=message_id)


def _failure(exc: Exception, *, permanent: bool) -> DeliveryResult:
    logger.warning("SMTP refused (%s): %s", "permanent" if permanent else "transient", exc)
    return DeliveryResult(ok=False, error=f"{type(exc).__name__}: {exc}", permanent=permanent)


def mailbox_connection(mailbox: Mailbox | None) -> BaseEmailBackend:
    if mailbox is None or not mailbox.smtp_host:
        return mailers.default
    return EmailBackend(
        alias=f"mailbox-{mailbox.pk}",
        host=mailbox.smtp_host,
        port=mailbox.smtp_port,
        username=mailbox.smtp_login,
        password=mailbox.smtp_password,
        use_tls=mailbox.smtp_security == Security.STARTTLS,
        use_ssl=mailbox.smtp_security == Security.SSL,
        timeout=SMTP_TIMEOUT_SECONDS,
    )

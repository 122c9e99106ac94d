"""Account emails (confirmation, password reset) leave through the worker, never a request."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_account_email(to: str, subject: str, text: str, html: str = "") -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

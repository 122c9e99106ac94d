from django import template

from supportdesk.fault_reports.problems import customer_file_note
from supportdesk.sla.selectors import CustomerPromise
from supportdesk.tickets.models import Attachment

register = template.Library()


@register.filter
def promise_text(promise: CustomerPromise, language: str) -> str:
    return promise.text(language)


@register.filter
def file_note(attachment: Attachment) -> str:
    return customer_file_note(attachment)

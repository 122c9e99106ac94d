from django import template
from django.core.exceptions import ObjectDoesNotExist

from supportdesk.diagnostics import ContentKind
from supportdesk.fault_reports.problems import unreadable_har_note
from supportdesk.sla.selectors import CustomerPromise
from supportdesk.tickets.models import Attachment

register = template.Library()


@register.filter
def promise_text(promise: CustomerPromise, language: str) -> str:
    return promise.text(language)


@register.filter
def file_note(attachment: Attachment) -> str:
    """Why a file the customer sent is not kept as sent ("" when it is)."""
    try:
        analysis = attachment.analysis
    except ObjectDoesNotExist:
        return ""
    result = analysis.result
    if analysis.kind != ContentKind.HAR.value or not result.get("error"):
        return ""
    return unreadable_har_note(
        reason=result.get("reason"), kept_copy=result.get("best_effort") is not None
    )

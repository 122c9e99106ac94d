from django import template

from supportdesk.sla.selectors import CustomerPromise

register = template.Library()


@register.filter
def promise_text(promise: CustomerPromise, language: str) -> str:
    return promise.text(language)

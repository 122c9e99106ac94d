from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def in_language(texts: Mapping[str, str], language: str) -> str:
    """A checklist label or hint (stored as {"ru": …, "en": …}) in the page's language."""
    return texts.get(language) or texts.get("ru", "")

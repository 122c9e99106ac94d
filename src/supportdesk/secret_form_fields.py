"""Admin form fields for secrets kept at rest (see `secrets_at_rest`): typed in, never shown
back, and left empty to keep the one already stored."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils.text import capfirst

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise


class WriteOnlySecretField(forms.CharField):
    def __init__(self, *, label: StrOrPromise, help_text: StrOrPromise) -> None:
        super().__init__(
            # Model fields' names are lower case (verbose names); a form label starts with a capital.
            label=capfirst(label),
            required=False,
            widget=forms.PasswordInput(render_value=False),
            help_text=help_text,
        )


class KeepsStoredSecretsForm[M: models.Model](forms.ModelForm[M]):
    """A model form whose `secret_fields`, left empty, keep the stored values."""

    secret_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.secret_fields:
            if not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name)
        return cleaned

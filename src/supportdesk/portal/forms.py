from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.files.uploadedfile import UploadedFile
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from supportdesk.accounts.models import User
from supportdesk.accounts.tasks import send_account_email
from supportdesk.tickets.models import ProblemKind, Status


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form (which never says whether an address is known); mail via a task.

    Serves portal customers only: a link mailed to an agent or administrator from a public
    page would turn a customer-facing form into a way at staff accounts. Staff passwords are
    reset by an administrator.
    """

    def get_users(self, email: str) -> Iterator[User]:
        return (user for user in super().get_users(email) if user.is_portal_customer)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_account_email.enqueue(to_email, subject, body)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _check_size(files: list[UploadedFile[bytes]]) -> list[UploadedFile[bytes]]:
    limit = settings.SUPPORTDESK_MAX_ATTACHMENT_BYTES
    for file in files:
        if file.size is not None and file.size > limit:
            raise forms.ValidationError(
                _("%(name)s is %(size)s; files up to %(limit)s are accepted.")
                % {
                    "name": file.name,
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(limit),
                }
            )
    return files


def _check_total(files: list[UploadedFile[bytes] | None]) -> None:
    """All files of one request or reply together: nothing is stored when they exceed the cap."""
    limit = settings.SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES
    total = sum(file.size or 0 for file in files if file is not None)
    if total > limit:
        raise forms.ValidationError(
            _("The files together take %(size)s; up to %(limit)s per message are accepted.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
        )


PROBLEM_KINDS = [
    (kind.value, kind.label)
    for kind in (ProblemKind.USER_FACING_ERROR, ProblemKind.SERVER_ERROR, ProblemKind.QUESTION)
]


class NewRequestForm(forms.Form):
    problem_kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=PROBLEM_KINDS,
        widget=forms.RadioSelect,
        initial="user_facing_error",
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    reproduction_steps = forms.CharField(
        label=_("Steps to reproduce"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    affected_user_email = forms.EmailField(label=_("Affected user's email"), required=False)
    diagram_link = forms.URLField(label=_("Link to the diagram"), required=False, max_length=2000)
    browser_version = forms.CharField(
        label=_("Browser and version"), required=False, max_length=200
    )
    image_version = forms.CharField(
        label=_("Container image version (tag)"), required=False, max_length=300
    )
    har_file = forms.FileField(label=_("HAR archive"), required=False)
    log_file = forms.FileField(label=_("Container log"), required=False)
    attachments = MultipleFileField(label=_("Other files"), required=False)
    critical_claim = forms.BooleanField(
        label=_("The tool cannot be used by any of our users"),
        required=False,
        help_text=_(
            "Critical means that none of your organisation's users can use the tool. "
            "Our engineer confirms the claim; critical faults have a fix-time target."
        ),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_har_file(self) -> UploadedFile[bytes] | None:
        file = self.cleaned_data.get("har_file")
        return _check_size([file])[0] if file else None

    def clean_log_file(self) -> UploadedFile[bytes] | None:
        file = self.cleaned_data.get("log_file")
        return _check_size([file])[0] if file else None

    def clean_attachments(self) -> list[UploadedFile[bytes]]:
        return _check_size(self.cleaned_data.get("attachments") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_total([data.get("har_file"), data.get("log_file"), *(data.get("attachments") or [])])
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Files"), required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_attachments(self) -> list[UploadedFile[bytes]]:
        return _check_size(self.cleaned_data.get("attachments") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_total(list(data.get("attachments") or []))
        return data


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )


class OrganisationSettingsForm(forms.Form):
    members_see_all_tickets = forms.BooleanField(
        label=_("Members see all of the organisation's requests"), required=False
    )

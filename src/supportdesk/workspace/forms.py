from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Edition, Plan
from supportdesk.tickets.models import Channel, ProblemKind, Severity, Status


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    channel = forms.ChoiceField(label=_("Channel"), choices=_blank(Channel.choices), required=False)
    plan = forms.ChoiceField(label=_("Plan"), choices=_blank(Plan.choices), required=False)
    edition = forms.ChoiceField(label=_("Edition"), choices=_blank(Edition.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_blank(Status.choices), required=False)
    organisation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    assignee = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}))
    internal = forms.BooleanField(label=_("Internal note"), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class SeverityForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)


class AssignForm(forms.Form):
    assignee = forms.IntegerField(label=_("Assignee"), required=False)


class LinkOrganisationForm(forms.Form):
    organisation = forms.IntegerField(label=_("Organisation"))


class CriticalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm critical")), ("reject", _("Reject critical"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into ticket number"), min_value=1)


class ProblemKindForm(forms.Form):
    problem_kind = forms.ChoiceField(
        label=_("Kind of problem"), choices=_blank(ProblemKind.choices), required=True
    )

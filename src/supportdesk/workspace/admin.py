from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from supportdesk.accounts.models import User
from supportdesk.diagnostics import ITEM_LABELS, ChecklistItem
from supportdesk.workspace.canned import unknown_variables
from supportdesk.workspace.models import CANNED_VARIABLES, CannedResponse

SHARE_PERMISSION = "workspace.change_cannedresponse"


def _item_choices() -> list[tuple[str, str]]:
    language = "en" if (get_language() or "").startswith("en") else "ru"
    return [("", "—")] + [(item.value, ITEM_LABELS[item.value][language]) for item in ChecklistItem]


class CannedResponseForm(forms.ModelForm[CannedResponse]):
    asks_for = forms.TypedChoiceField(
        label=_("Asks the customer for"),
        choices=_item_choices,
        required=False,
        help_text=_("Not offered on tickets that already have it (a HAR file, a log…)."),
    )
    shared = forms.BooleanField(
        label=_("Shared with every agent"),
        required=False,
        help_text=_(
            "Otherwise only you see it. Sharing needs the right to change canned responses."
        ),
    )

    class Meta:
        model = CannedResponse
        fields = ["title", "body", "asks_for"]

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        if unknown := unknown_variables(body):
            raise forms.ValidationError(
                _("Unknown variables: %(unknown)s. Known: %(known)s."),
                params={
                    "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                    "known": ", ".join(f"{{{name}}}" for name in CANNED_VARIABLES),
                },
            )
        return body


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin[CannedResponse]):
    """Every agent keeps personal templates; sharing one takes the change permission.
    Agents see the shared templates and their own; administrators see all."""

    form = CannedResponseForm
    list_display = ["title", "shared_with", "asks_for", "created_at"]
    search_fields = ["title", "body"]

    @admin.display(description=_("shared with"))
    def shared_with(self, obj: CannedResponse) -> str:
        owner = obj.owner
        return str(_("every agent")) if owner is None else owner.get_full_name() or owner.username

    def get_queryset(self, request: HttpRequest) -> QuerySet[CannedResponse]:
        rows = super().get_queryset(request).select_related("owner")
        if request.user.is_superuser:
            return rows
        return rows.filter(Q(owner__isnull=True) | Q(owner=request.user.pk))

    def get_form(
        self,
        request: HttpRequest,
        obj: CannedResponse | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[CannedResponse]]:
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["shared"].initial = obj is not None and obj.owner_id is None
        form.base_fields["shared"].disabled = not request.user.has_perm(SHARE_PERMISSION)
        return form

    def has_change_permission(
        self, request: HttpRequest, obj: CannedResponse | None = None
    ) -> bool:
        return _may_edit(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: CannedResponse | None = None
    ) -> bool:
        return _may_edit(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: CannedResponse | None = None) -> bool:
        return bool(request.user.is_staff)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_staff)

    def save_model(
        self, request: HttpRequest, obj: CannedResponse, form: Any, change: bool
    ) -> None:
        user = request.user
        assert isinstance(user, User)
        shared = form.cleaned_data.get("shared") and user.has_perm(SHARE_PERMISSION)
        if not shared:
            obj.owner = obj.owner if change and obj.owner_id else user
        else:
            obj.owner = None
        super().save_model(request, obj, form, change)


def _may_edit(request: HttpRequest, obj: CannedResponse | None) -> bool:
    """Your own templates always; shared ones with the change permission."""
    if obj is None:
        return bool(request.user.is_staff)
    if obj.owner_id is not None:
        return obj.owner_id == request.user.pk or bool(request.user.is_superuser)
    return bool(request.user.has_perm(SHARE_PERMISSION))

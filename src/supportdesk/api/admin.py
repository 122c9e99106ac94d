"""API tokens in the admin: create (the secret is shown once, in a message), list, revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supportdesk.accounts.models import User
from supportdesk.accounts.selectors import agent_list
from supportdesk.api.actions.tokens import check_create_api_token, do_revoke_api_token
from supportdesk.api.models import ApiToken, TokenKind


class ApiTokenCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApiToken
        fields = ["name", "kind", "scope", "user", "expires_at"]
        help_texts = {
            "user": gettext_lazy("The agent a personal token acts as; empty for an integration."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.required = False
        user.queryset = agent_list()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == TokenKind.PERSONAL and not data.get("user"):
            self.add_error("user", _("A personal token belongs to an active agent."))
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "scope", "user", "prefix", "created_at", "expires_at",
                    "last_used_at", "revoked_at")  # fmt: skip
    list_filter = ("kind", "scope")
    search_fields = ("name", "prefix")
    actions = ["revoke"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        if obj is None:
            kwargs["form"] = ApiTokenCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        data = form.cleaned_data
        assert isinstance(request.user, User)
        # The form has checked what the action would refuse.
        created = check_create_api_token(
            actor=request.user, name=data["name"], kind=data["kind"], scope=data["scope"],
            user=data.get("user"), expires_at=data.get("expires_at"),
        )  # fmt: skip
        # The admin's "added" message and log entry name the token the action created.
        obj.pk = created.token.pk
        obj.user = created.token.user
        obj.prefix = created.token.prefix
        messages.warning(
            request,
            _("The token is shown only now; copy it: %(secret)s") % {"secret": created.secret},
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token is never edited, only revoked

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        assert isinstance(request.user, User)
        for token in queryset:
            do_revoke_api_token(token=token, actor=request.user)
        self.message_user(request, _("Tokens revoked."))

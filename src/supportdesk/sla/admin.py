from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supportdesk.accounts.models import User
from supportdesk.sla.actions.calendar import (
    do_delete_calendar_override,
    do_save_calendar_override,
)
from supportdesk.sla.actions.policy_changes import (
    AGREEMENT_APPLIED,
    do_apply_policy_in_effect,
    open_tickets_of,
)
from supportdesk.sla.models import Agreement, CalendarOverride, SlaClock


def _agent(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    # Model.clean() refuses ineligible organisations; the admin form calls it.
    list_display = (
        "organisation",
        "contract_reference",
        "response_business_hours",
        "critical_fix_business_hours",
        "valid_from",
        "valid_until",
    )
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    actions = ["apply_to_open_tickets"]

    @admin.action(description=_("Apply to the organisation's open tickets"), permissions=["change"])
    def apply_to_open_tickets(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        """Open tickets keep the policy they were opened under until this is done on purpose."""
        now = timezone.now()
        for agreement in queryset.select_related("organisation"):
            if not agreement.is_valid_on(timezone.localdate(now)):
                self.message_user(
                    request,
                    gettext("Agreement %(reference)s is not in effect today: nothing was changed.")
                    % {"reference": agreement.contract_reference},
                    messages.WARNING,
                )
                continue
            tickets = open_tickets_of(agreement.organisation_id)
            changed = sum(
                do_apply_policy_in_effect(
                    ticket=ticket, now=now, agent=_agent(request), reason=AGREEMENT_APPLIED
                )
                for ticket in tickets
            )
            self.message_user(
                request,
                gettext(
                    "Agreement %(reference)s applied to the open tickets of %(organisation)s: "
                    "deadlines changed: %(changed)d."
                )
                % {
                    "reference": agreement.contract_reference,
                    "organisation": agreement.organisation,
                    "changed": changed,
                },
                messages.SUCCESS,
            )


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    list_display = ("day", "working", "opens", "closes", "reason")
    list_filter = ("working",)

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: ModelForm[Any], change: bool
    ) -> None:
        do_save_calendar_override(override=obj)

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        do_delete_calendar_override(override=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            do_delete_calendar_override(override=override)


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin[SlaClock]):
    list_display = (
        "ticket",
        "target",
        "policy",
        "state",
        "due_at",
        "met",
        "warned_at",
        "breached_at",
    )
    list_filter = ("target", "state", "met")
    list_select_related = ("ticket",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

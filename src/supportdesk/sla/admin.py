from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from supportdesk.sla.actions.calendar import (
    do_delete_calendar_override,
    do_save_calendar_override,
)
from supportdesk.sla.models import Agreement, CalendarOverride, SlaClock


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

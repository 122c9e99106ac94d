from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Contact, Identity, Organisation, OrganisationDomain


class OrganisationDomainInline(admin.TabularInline[OrganisationDomain, Organisation]):
    model = OrganisationDomain
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "edition", "plan", "seats", "created_at")
    list_filter = ("edition", "plan")
    search_fields = ("name", "domains__domain")
    inlines = [OrganisationDomainInline]


class IdentityInline(admin.TabularInline[Identity, Contact]):
    model = Identity
    extra = 0


class HasOrganisationFilter(admin.SimpleListFilter):
    """Customers of no organisation have no SLA: the list an administrator works through."""

    title = _("has an organisation")
    parameter_name = "has_organisation"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", str(_("No organisation"))), ("yes", str(_("In an organisation")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Contact]) -> QuerySet[Contact]:
        if self.value() in {"no", "yes"}:
            return queryset.filter(organisation__isnull=self.value() == "no")
        return queryset


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ("__str__", "email", "organisation", "verified", "language")
    list_filter = (HasOrganisationFilter, "verified", "language", "organisation")
    search_fields = ("name", "email", "identities__external_id")
    list_select_related = ("organisation",)
    inlines = [IdentityInline]

from django.contrib import admin

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


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ("__str__", "email", "organisation", "verified", "language")
    list_filter = ("verified", "language", "organisation")
    search_fields = ("name", "email", "identities__external_id")
    list_select_related = ("organisation",)
    inlines = [IdentityInline]

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from supportdesk.customers.actions.organisations import check_set_ticket_visibility
from supportdesk.customers.models import Contact
from supportdesk.portal.access import customer_required
from supportdesk.portal.forms import OrganisationSettingsForm


@customer_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    contact = getattr(request, "contact", None)
    assert isinstance(contact, Contact)
    organisation = contact.organisation
    if organisation is None or not contact.is_organisation_admin:
        raise Http404
    form = OrganisationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"members_see_all_tickets": organisation.members_see_all_tickets},
    )
    if request.method == "POST" and form.is_valid():
        check_set_ticket_visibility(
            organisation=organisation,
            contact=contact,
            members_see_all_tickets=form.cleaned_data["members_see_all_tickets"],
        )
        messages.success(request, _("Saved."))
        return redirect("portal:organisation")
    return render(request, "portal/organisation.html", {"form": form, "organisation": organisation})

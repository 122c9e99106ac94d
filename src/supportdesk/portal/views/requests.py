"""A customer's requests: list, new request with its diagnostics, conversation, reply."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from supportdesk.customers.models import Contact, Edition
from supportdesk.diagnostics import HarError, parse_user_agent
from supportdesk.fault_reports.har_upload import sanitise_uploaded_har
from supportdesk.portal.access import customer_required
from supportdesk.portal.acknowledgement import acknowledgement_text
from supportdesk.portal.forms import NewRequestForm, ReplyForm, RequestFilterForm
from supportdesk.portal.inbound import new_request_message, reply_message, uploaded_attachment
from supportdesk.sla.selectors import customer_promise_list, customer_reply_promise
from supportdesk.tickets.actions.acknowledgements import do_acknowledge_new_ticket
from supportdesk.tickets.actions.customer import check_customer_reopen, check_customer_resolve
from supportdesk.tickets.attachments import attachment_response
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.inbound import InboundAttachment, receive
from supportdesk.tickets.models import Ticket
from supportdesk.tickets.selectors import (
    customer_attachment_get,
    customer_ticket_get,
    customer_ticket_list,
    ticket_messages_list,
)

logger = logging.getLogger(__name__)


def _contact(request: HttpRequest) -> Contact:
    contact = getattr(request, "contact", None)
    assert isinstance(contact, Contact)
    return contact


def _ticket_or_404(contact: Contact, number: int) -> Ticket:
    ticket = customer_ticket_get(contact=contact, number=number)
    if ticket is None:
        raise Http404
    return ticket


@customer_required
def request_list(request: HttpRequest) -> HttpResponse:
    contact = _contact(request)
    form = RequestFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    tickets = list(customer_ticket_list(contact=contact, status=status)[:200])
    return render(
        request,
        "portal/requests.html",
        {"tickets": tickets, "form": form, "now": timezone.now()},
    )


@customer_required
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest) -> HttpResponse:
    contact = _contact(request)
    enterprise = (
        contact.organisation is not None and contact.organisation.edition == Edition.ENTERPRISE
    )
    parsed = parse_user_agent(request.headers.get("User-Agent", ""))
    browser = parsed.label if parsed is not None else ""
    posted = request.method == "POST"
    form = NewRequestForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"browser_version": browser},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attachments: list[InboundAttachment] = []
        har_note = ""
        if data["har_file"]:
            try:
                sanitised = sanitise_uploaded_har(data["har_file"])
            except HarError as exc:
                form.add_error(
                    "har_file", _("This is not a HAR file we can read: %(error)s") % {"error": exc}
                )
                return render(request, "portal/new_request.html", _new_context(form, enterprise))
            attachments.append(uploaded_attachment(data["har_file"], sanitised.content))
            har_note = sanitised.summary()
        if data["log_file"] and enterprise:
            attachments.append(uploaded_attachment(data["log_file"]))
        attachments += [uploaded_attachment(f) for f in data["attachments"]]
        result = receive(
            new_request_message(
                request=request,
                contact=contact,
                data=data,
                attachments=attachments,
                enterprise=enterprise,
            )
        )
        ticket = result.ticket
        if result.outcome == "created":
            do_acknowledge_new_ticket(
                ticket=ticket,
                words=acknowledgement_text,
                language=ticket.requester.language or "ru",
            )
        promise = customer_reply_promise(ticket=ticket)
        messages.success(
            request,
            _("Request #%(number)s is registered.") % {"number": ticket.number}
            + (" " + promise.text(translation.get_language() or "ru") + "." if promise else ""),
        )
        if har_note:
            messages.info(request, har_note)
        return redirect("portal:request", number=ticket.number)
    return render(request, "portal/new_request.html", _new_context(form, enterprise))


def _new_context(form: NewRequestForm, enterprise: bool) -> dict[str, object]:
    from django.conf import settings

    return {
        "form": form,
        "enterprise": enterprise,
        "max_bytes": settings.SUPPORTDESK_MAX_ATTACHMENT_BYTES,
    }


@customer_required
def request_detail(request: HttpRequest, number: int) -> HttpResponse:
    contact = _contact(request)
    ticket = _ticket_or_404(contact, number)
    return render(
        request,
        "portal/request.html",
        {
            "ticket": ticket,
            "conversation": ticket_messages_list(ticket=ticket, public_only=True),
            "promises": customer_promise_list(ticket=ticket),
            "reply_form": ReplyForm(),
            "language": translation.get_language() or "ru",
        },
    )


@customer_required
@require_POST
def request_reply(request: HttpRequest, number: int) -> HttpResponse:
    contact = _contact(request)
    ticket = _ticket_or_404(contact, number)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("portal:request", number=number)
    data = form.cleaned_data
    result = receive(reply_message(request=request, contact=contact, ticket=ticket, data=data))
    if result.ticket.pk != ticket.pk:
        messages.info(
            request,
            _("The request was closed, so your answer opened request #%(number)s.")
            % {"number": result.ticket.number},
        )
    return redirect("portal:request", number=result.ticket.number)


@customer_required
@require_POST
def request_resolve(request: HttpRequest, number: int) -> HttpResponse:
    return _status_action(request, number, check_customer_resolve, _("Marked as solved."))


@customer_required
@require_POST
def request_reopen(request: HttpRequest, number: int) -> HttpResponse:
    return _status_action(request, number, check_customer_reopen, _("Request reopened."))


def _status_action(
    request: HttpRequest, number: int, action: Callable[..., Ticket], done: str
) -> HttpResponse:
    contact = _contact(request)
    ticket = _ticket_or_404(contact, number)
    try:
        action(ticket=ticket, contact=contact)
        messages.success(request, done)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("portal:request", number=number)


@customer_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = customer_attachment_get(contact=_contact(request), attachment_id=attachment_id)
    if attachment is None:
        raise Http404
    return attachment_response(attachment)

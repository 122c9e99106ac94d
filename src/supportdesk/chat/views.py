"""The widget's HTTP side: its words, file uploads (cross-origin, proved by the signed identity,
never by cookies), downloads through signed links, and the demo host page."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from supportdesk.accounts.client_address import client_address
from supportdesk.chat.actions.connections import (
    ChatRefused,
    ChatSession,
    check_chat_host,
    check_chat_session,
)
from supportdesk.chat.actions.messages import ChatError, check_send_chat_message
from supportdesk.chat.identity import sign
from supportdesk.chat.models import DEMO_HOST_KEY, ChatHost
from supportdesk.chat.texts import ERRORS, REFUSED, chat_language, say, widget_texts
from supportdesk.chat.updates import file_link_target, welcome_json
from supportdesk.customers.models import Contact
from supportdesk.fault_reports.har_upload import HarError, sanitise_uploaded_har
from supportdesk.tickets.attachments import (
    attachment_response,
    max_attachment_bytes,
    max_upload_total_bytes,
)
from supportdesk.tickets.inbound import InboundAttachment, InboundRejected
from supportdesk.tickets.selectors import customer_attachment_get

logger = logging.getLogger(__name__)

MAX_FILES = 5


@require_GET
def texts(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(widget_texts(chat_language(request.GET.get("lang", "ru"))))
    # Public words, fetched by host pages of any origin.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt  # cross-origin by design; the signed identity authenticates, not a cookie
@require_http_methods(["POST", "OPTIONS"])
def upload(request: HttpRequest) -> HttpResponse:
    origin = request.headers.get("Origin", "")
    language = chat_language(request.POST.get("lang", "ru"))
    session = _session_or_refusal(request, origin, language)
    if isinstance(session, HttpResponse):
        return session
    files = request.FILES.getlist("file")
    try:
        # What was removed from a HAR is said in the widget's language, not the browser's.
        with translation.override(language):
            attachments = _attachments(files)
        ticket = request.POST.get("ticket") or None
        result = check_send_chat_message(
            session,
            client_id=request.POST.get("client_id", ""),
            text=request.POST.get("text", ""),
            ticket_number=int(ticket) if ticket and ticket.isdigit() else None,
            attachments=[a for a, _ in attachments],
        )
    except ChatError as error:
        status = 413 if error.code in {"file_too_big", "too_many_files"} else 400
        body = {"error": error.code, "message": say(ERRORS[error.code], language, **error.values)}
        return _cors(JsonResponse(body, status=status), origin)
    except InboundRejected as rejected:
        reason = rejected.message_ru if language == "ru" else rejected.message_en
        body = {"error": "rejected", "message": say(ERRORS["rejected"], language, reason=reason)}
        return _cors(JsonResponse(body, status=400), origin)
    notes = [note for _, note in attachments if note]
    return _cors(
        JsonResponse(
            {
                "type": "ack",
                "client_id": request.POST.get("client_id", ""),
                "message_id": result.message.pk,
                "ticket": result.ticket.number,
                "duplicate": result.outcome == "duplicate",
                "notes": notes,
            }
        ),
        origin,
    )


@csrf_exempt  # cross-origin by design; the signed identity authenticates, not a cookie
@require_http_methods(["POST", "OPTIONS"])
def history(request: HttpRequest) -> HttpResponse:
    """What the socket's welcome says, over plain HTTP: for a host page whose network lets no
    WebSocket through, and for the host's own server to show a customer their chats."""
    origin = request.headers.get("Origin", "")
    language = chat_language(request.POST.get("lang", "ru"))
    session = _session_or_refusal(request, origin, language)
    if isinstance(session, HttpResponse):
        return session
    after = request.POST.get("after", "0")
    welcome = welcome_json(
        session.contact,
        after=int(after) if after.isdigit() and len(after) < 16 else 0,
        language=language,
    )
    return _cors(JsonResponse(welcome), origin)


def _session_or_refusal(
    request: HttpRequest, origin: str, language: str
) -> ChatSession | HttpResponse:
    """The customer behind a cross-origin request, or the response refusing it (a preflight
    from an allowed origin gets its CORS answer)."""
    try:
        host = check_chat_host(
            host_key=request.GET.get("host", ""), origin=origin, address=client_address(request)
        )
    except ChatRefused:
        body = {"error": "refused", "message": say(REFUSED["host"], language)}
        return JsonResponse(body, status=403)
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204), origin)
    try:
        return check_chat_session(
            host=host,
            token=request.POST.get("identity", ""),
            origin=origin,
            address=client_address(request),
            language=language,
            now=timezone.now(),
        )
    except ChatRefused as refusal:
        text = REFUSED["enterprise" if refusal.reason == "enterprise" else "identity"]
        body = {"error": refusal.reason, "message": say(text, language)}
        return _cors(JsonResponse(body, status=403), origin)


def _attachments(files: list[Any]) -> list[tuple[InboundAttachment, str]]:
    """The files as received, a HAR sanitised as in the portal (with what was removed)."""
    if len(files) > MAX_FILES:
        raise ChatError("too_many_files", limit=MAX_FILES)
    limit = max_attachment_bytes()
    if any((f.size or 0) > limit for f in files):
        raise ChatError("file_too_big", limit=filesizeformat(limit))
    if sum(f.size or 0 for f in files) > max_upload_total_bytes():
        raise ChatError("file_too_big", limit=filesizeformat(max_upload_total_bytes()))
    attachments = []
    for upload in files:
        name = upload.name or "file"
        if name.lower().endswith(".har"):
            try:
                sanitised = sanitise_uploaded_har(upload)
            except HarError as exc:
                raise ChatError("rejected", reason=str(exc)) from exc
            attachments.append(
                (
                    InboundAttachment(name, sanitised.content, "application/json"),
                    sanitised.summary(),
                )
            )
        else:
            upload.seek(0)
            attachment = InboundAttachment(name, upload.read(), upload.content_type or "")
            attachments.append((attachment, ""))
    return attachments


def _cors(response: HttpResponse, origin: str) -> HttpResponse:
    # Only called once the origin is one of the host's.
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Vary"] = "Origin"
    return response


@require_GET
def file_download(request: HttpRequest, token: str) -> FileResponse:
    target = file_link_target(token)
    if target is None:
        raise Http404
    attachment_id, contact_id = target
    contact = Contact.objects.filter(pk=contact_id).first()
    attachment = (
        customer_attachment_get(contact=contact, attachment_id=attachment_id) if contact else None
    )
    if attachment is None or attachment.message.ticket.requester_id != contact_id:
        raise Http404
    return attachment_response(attachment)


@require_GET
def demo(request: HttpRequest) -> HttpResponse:
    """A stand-in for the cloud application: signed in as a demo user, with the widget."""
    if not settings.SUPPORTDESK_CHAT_DEMO:
        raise Http404
    host = ChatHost.objects.filter(key=DEMO_HOST_KEY, is_active=True).first()
    if host is None:
        raise Http404
    origin = f"{request.scheme}://{request.get_host()}"
    if urlsplit(origin).hostname in {"127.0.0.1", "localhost", "::1"} and (
        origin not in host.origins()
    ):
        # The demo follows whatever loopback port `make run` serves.
        host.allowed_origins = "\n".join([*host.origins(), origin])
        host.save(update_fields=["allowed_origins"])
    who = request.GET.get("as", "team")
    user = DEMO_USERS["enterprise" if who == "enterprise" else "team"]
    now = timezone.now()
    claims = {
        **user,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
    }
    secret = host.secret if who != "forged" else secrets.token_hex(16)
    language = chat_language(request.GET.get("lang", request.LANGUAGE_CODE or "ru"))
    with translation.override(language):  # the host page in the language it gives the widget
        return render(
            request,
            "chat/demo.html",
            {"host": host, "identity": sign(claims, secret), "who": who, "language": language},
        )


DEMO_USERS: dict[str, dict[str, Any]] = {
    "team": {
        "user_id": "demo-olga",
        "email": "olga@romashka.example",
        "name": "Ольга Иванова",
        "team_id": "romashka",
        "team_name": "ООО «Ромашка»",
        "plan": "team",
        "seats": 60,
    },
    "enterprise": {
        "user_id": "demo-ivan",
        "email": "ivan@promstroy.example",
        "name": "Иван Петров",
        "team_id": "promstroy",
        "team_name": "АО «ПромСтрой»",
        "plan": "enterprise",
        "seats": 800,
    },
}

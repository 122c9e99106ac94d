"""Every URL the project routes × every role × GET and POST → the status it must answer.

The URLs come from the URLconf (see `access_scenario`), so a new view without an entry here
fails `test_every_routed_url_has_an_entry`; the statuses are the access rules written down:
customers reach only their own request (their organisation's where it lets members see all),
the desk and the API only agents, the admin only those with its permissions. A redirect is
written `302>` and where it must lead (numbers as N). CSRF is checked in `test_csrf.py`.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from supportdesk.customers.models import Organisation
from tests.config.access_scenario import ROLES, Route, Scenario, build_scenario, routes

pytestmark = pytest.mark.django_db

# Columns: anonymous, customer, other organisation, colleague, colleague who sees all, agent,
# admin. First string: GET; second: POST (an empty form).
PAGES: dict[str, tuple[str, str]] = {
    "": (
        "302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/",
        "302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/ 302>/portal/",
    ),
    "api:agreement_create": (
        "401 401 401 401 401 200 200",
        "401 401 401 401 401 400 400",
    ),
    "api:agreement_list": (
        "401 401 401 401 401 200 200",
        "401 401 401 401 401 400 400",
    ),
    "api:api-root": (
        "404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404",
    ),
    "api:bundle_upload": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 401 401",
    ),
    "api:due": (
        "401 401 401 401 401 422 422",
        "405 405 405 405 405 405 405",
    ),
    "api:openapi-json": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "api:openapi-view": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    # API v1: a token or an agent's session; the scenario's POST is an empty form, not JSON.
    "api_v1:api-root": (
        "404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404",
    ),
    "api_v1:assignee_change": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:critical_decide": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:attachment_upload": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 422 422",
    ),
    "api_v1:attachment_download": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:contact_get": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:contact_list": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:event_list": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:message_list": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:organisation_get": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:organisation_list": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:sla_clock_list": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:merge": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:note_create": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:openapi-json": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "api_v1:openapi-view": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "api_v1:reply_create": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:severity_change": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:status_change": (
        "405 405 405 405 405 405 405",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:ticket_create": (
        "401 401 401 401 401 200 200",
        "401 401 401 401 401 400 400",
    ),
    "api_v1:ticket_get": (
        "401 401 401 401 401 200 200",
        "405 405 405 405 405 405 405",
    ),
    "api_v1:ticket_list": (
        "401 401 401 401 401 200 200",
        "401 401 401 401 401 400 400",
    ),
    # The chat's HTTP side answers by the signed identity, never by who is signed in: texts are
    # public, an upload without a known host and origin is refused, a file link without a valid
    # signature is not found, and the demo page exists only in the embedded default.
    "chat:demo": (
        "404 404 404 404 404 404 404",
        "405 405 405 405 405 405 405",
    ),
    "chat:file": (
        "404 404 404 404 404 404 404",
        "405 405 405 405 405 405 405",
    ),
    "chat:history": (
        "405 405 405 405 405 405 405",
        "403 403 403 403 403 403 403",
    ),
    "chat:texts": (
        "200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405",
    ),
    "chat:upload": (
        "405 405 405 405 405 405 405",
        "403 403 403 403 403 403 403",
    ),
    "fault_reports:collector": (
        "200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405",
    ),
    "favicon": (
        "301>/static/supportdesk/favicon.svg " * 7,
        "301>/static/supportdesk/favicon.svg " * 7,
    ),
    "healthz": (
        "200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405",
    ),
    # Test settings configure no token or allow-list and are not the embedded default, so even
    # 127.0.0.1 is refused (fail closed); see tests/ops/test_metrics.py for who may read it.
    "metrics": (
        "403 403 403 403 403 403 403",
        "405 405 405 405 405 405 405",
    ),
    "reports:report": (
        "302>/desk/login/ 404 404 404 404 200 200",
        "302>/desk/login/ 404 404 404 404 405 405",
    ),
    "portal:attachment": (
        "302>/portal/login/ 200 404 404 200 403 403",
        "302>/portal/login/ 200 404 404 200 403 403",
    ),
    "portal:confirm": (
        "400 400 400 400 400 400 400",
        "400 400 400 400 400 400 400",
    ),
    "portal:finish_registration": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "portal:login": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "portal:logout": (
        "405 405 405 405 405 405 405",
        "302>/portal/login/ 302>/portal/login/ 302>/portal/login/ 302>/portal/login/ 302>/portal/login/ 302>/portal/login/ 302>/portal/login/",
    ),
    "portal:new_request": (
        "302>/portal/login/ 200 200 200 200 403 403",
        "302>/portal/login/ 200 200 200 200 403 403",
    ),
    "portal:organisation": (
        "302>/portal/login/ 404 404 404 404 403 403",
        "302>/portal/login/ 404 404 404 404 403 403",
    ),
    "portal:password_change": (
        "302>/portal/login/ 200 200 200 200 200 200",
        "302>/portal/login/ 200 200 200 200 200 200",
    ),
    "portal:password_reset": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "portal:password_reset_confirm": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "portal:password_reset_done": (
        "200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405",
    ),
    "portal:register": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "portal:register_done": (
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
    "portal:reopen": (
        "302>/portal/login/ 405 405 405 405 403 403",
        "302>/portal/login/ 302>/portal/requests/N/ 404 404 302>/portal/requests/N/ 403 403",
    ),
    "portal:reply": (
        "302>/portal/login/ 405 405 405 405 403 403",
        "302>/portal/login/ 302>/portal/requests/N/ 404 404 302>/portal/requests/N/ 403 403",
    ),
    "portal:request": (
        "302>/portal/login/ 200 404 404 200 403 403",
        "302>/portal/login/ 200 404 404 200 403 403",
    ),
    "portal:requests": (
        "302>/portal/login/ 200 200 200 200 403 403",
        "302>/portal/login/ 200 200 200 200 403 403",
    ),
    "portal:resolve": (
        "302>/portal/login/ 405 405 405 405 403 403",
        "302>/portal/login/ 302>/portal/requests/N/ 404 404 302>/portal/requests/N/ 403 403",
    ),
    "readyz": (
        "503 503 503 503 503 503 503",
        "405 405 405 405 405 405 405",
    ),
    "set_language": (
        "302>/ 302>/ 302>/ 302>/ 302>/ 302>/ 302>/",
        "302>/ 302>/ 302>/ 302>/ 302>/ 302>/ 302>/",
    ),
    "telegram:webhook": (
        "405 405 405 405 405 405 405",
        "403 403 403 403 403 403 403",
    ),
    "workspace:assign": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:attachment": (
        "302>/desk/login/ 404 404 404 404 200 200",
        "302>/desk/login/ 404 404 404 404 405 405",
    ),
    "workspace:canned": (
        "302>/desk/login/ 404 404 404 404 200 200",
        "302>/desk/login/ 404 404 404 404 405 405",
    ),
    "workspace:critical": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:login": (
        "200 200 200 200 200 302>/desk/ 302>/desk/",
        "200 200 200 200 200 302>/desk/ 302>/desk/",
    ),
    "workspace:logout": (
        "405 405 405 405 405 405 405",
        "302>/desk/login/ 302>/desk/login/ 302>/desk/login/ 302>/desk/login/ 302>/desk/login/ 302>/desk/login/ 302>/desk/login/",
    ),
    # The scenario's ticket has an organisation: linking is refused and back to the ticket.
    "workspace:link_organisation": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:merge": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:problem_kind": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:queue": (
        "302>/desk/login/ 404 404 404 404 200 200",
        "302>/desk/login/ 404 404 404 404 405 405",
    ),
    "workspace:reply": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:request_missing": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:severity": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:status": (
        "302>/desk/login/ 404 404 404 404 405 405",
        "302>/desk/login/ 404 404 404 404 302>/desk/tickets/N/ 302>/desk/tickets/N/",
    ),
    "workspace:ticket": (
        "302>/desk/login/ 404 404 404 404 200 200",
        "302>/desk/login/ 404 404 404 404 405 405",
    ),
}

# Every model the admin shows, and what its admin allows at all beyond viewing.
ADMIN_MODELS: dict[str, set[str]] = {
    "accounts/user": {"add", "change", "delete"},
    "api/apitoken": {"add", "delete"},
    "auth/group": {"add", "change", "delete"},
    "chat/chathost": {"add", "change", "delete"},
    "chat/refusedconnection": {"delete"},
    "customers/contact": {"add", "change", "delete"},
    "customers/organisation": {"add", "change", "delete"},
    "django_tasks_database/dbtaskresult": set(),
    "mail/inboundemail": {"change", "delete"},
    "mail/intakerecord": {"delete"},
    "mail/mailbox": {"add", "change", "delete"},
    "sla/agreement": {"add", "change", "delete"},
    "sla/calendaroverride": {"add", "change", "delete"},
    "sla/slaclock": set(),
    "telegram/botmessage": {"delete"},
    "telegram/botsettings": {"change"},
    "telegram/dialogue": {"delete"},
    "telegram/telegramupdate": {"delete"},
    "tickets/message": set(),
    "tickets/outboxdelivery": set(),
    "tickets/rejectedinbound": set(),
    "tickets/ticket": set(),
    "webhooks/webhookdelivery": {"delete"},
    "webhooks/webhooksubscription": {"add", "change", "delete"},
    "workspace/cannedresponse": {"add", "change", "delete"},
}
_OUT = "302>/admin/login/ " * 5
ADMIN_SITE: dict[str, tuple[str, str]] = {
    "admin:index": (_OUT + "200 200", _OUT + "200 200"),
    "admin:login": ("200 200 200 200 200 302>/admin/ 302>/admin/", "200 " * 7),
    "admin:logout": ("302>/admin/ " * 5 + "405 405", "302>/admin/ " * 5 + "200 200"),
    "admin:password_change": (_OUT + "200 200", _OUT + "200 200"),
    "admin:password_change_done": (_OUT + "200 200", _OUT + "405 405"),
    "admin:autocomplete": (_OUT + "403 403", _OUT + "405 405"),
    "admin:jsi18n": (_OUT + "200 200", _OUT + "405 405"),
    "admin:view_on_site": (_OUT + "404 404", _OUT + "404 404"),
    "admin:app_list": (_OUT + "404 200", _OUT + "404 200"),
    "admin:auth_user_password_change": (_OUT + "403 200", _OUT + "403 200"),
    "admin/(?P<url>.*)$": (_OUT + "404 404", _OUT + "404 404"),
}


def _admin_model_pages() -> dict[str, tuple[str, str]]:
    pages = {}
    for model, allowed in ADMIN_MODELS.items():
        name = "admin:" + model.replace("/", "_")
        for page in ("changelist", "change", "history", "add", "delete"):
            # Viewing is always allowed to the admin; adding and deleting only where the model
            # admin allows it; a POST to a change page needs the change permission as well.
            get = "200" if page not in ("add", "delete") or page in allowed else "403"
            post = "403" if page == "change" and page not in allowed else get
            pages[f"{name}_{page}"] = (_OUT + f"403 {get}", _OUT + f"403 {post}")
        # /admin/<model>/<id>/ only forwards to the change page, for everyone signed in.
        forward = f"302>/admin/{model}/N/change/"
        pages[f"admin/{model}/<path:object_id>/"] = (_OUT + f"{forward} {forward}",) * 2
    # Agents keep their own canned responses in the admin and use the shared ones (the row
    # here is shared): they may look and add, not change or delete it without the permission.
    name = "admin:workspace_cannedresponse"
    for page, (get, post) in {
        "changelist": ("200", "200"),
        "change": ("200", "403"),
        "history": ("200", "200"),
        "add": ("200", "200"),
        "delete": ("403", "403"),
    }.items():
        pages[f"{name}_{page}"] = (_OUT + f"{get} 200", _OUT + f"{post} 200")
    # A read-only admin still takes a POST to its change page, saving nothing.
    read, _ = pages["admin:mail_inboundemail_change"]
    pages["admin:mail_inboundemail_change"] = (read, _OUT + "403 302>/admin/mail/inboundemail/")
    # The bot's settings are one row: the list forwards to it, and its two buttons only POST.
    settings_page = "302>/admin/telegram/botsettings/N/change/"
    pages["admin:telegram_botsettings_changelist"] = (_OUT + f"403 {settings_page}",) * 2
    for button in ("check", "webhook"):
        pages[f"admin:telegram_botsettings_{button}"] = (
            _OUT + "405 405",
            _OUT + f"403 {settings_page}",
        )
    return pages


EXPECTED = PAGES | ADMIN_SITE | _admin_model_pages()


def test_every_routed_url_has_an_entry():
    routed = {route.key for route in routes()}
    assert routed - EXPECTED.keys() == set(), "new URLs: add their expected statuses"
    assert EXPECTED.keys() - routed == set(), "URLs no longer routed: remove their entries"


def _answer(scenario: Scenario, route: Route, role: str, method: str) -> str:
    client = Client()
    if (user := scenario.users[role]) is not None:
        client.force_login(user)
    response = getattr(client, method)(scenario.path(route))
    if response.status_code in (301, 302):
        location = re.sub(r"/[0-9a-f-]*\d[0-9a-f-]*/", "/N/", response["Location"].split("?")[0])
        return f"{response.status_code}>{location}"
    return str(response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_access_it_should(role, customer_factory, open_ticket, settings):
    settings.RATELIMIT_ENABLE = False
    scenario = build_scenario(customer_factory, open_ticket)
    Organisation.objects.filter(pk=scenario.organisation_id).update(
        members_see_all_tickets=role == "colleague_sees_all"
    )
    column = ROLES.index(role)
    wrong = []
    # Reads first: a POST may resolve, reopen or reply to ticket A, which no GET depends on.
    for index, method in enumerate(("get", "post")):
        for route in routes():
            expected = EXPECTED[route.key][index].split()[column]
            answer = _answer(scenario, route, role, method)
            if answer != expected:
                wrong.append(f"{method.upper()} {scenario.path(route)}: {answer} ≠ {expected}")
    assert wrong == [], "\n".join(wrong)

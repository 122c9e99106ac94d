"""The people and objects the access matrix asks about, and every URL the project routes.

URLs are discovered from the URLconf, so a view added later is in the matrix whether or not
its author remembered it; each gets concrete arguments pointing at customer A's ticket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from supportdesk.accounts.models import User
from supportdesk.api.actions.tokens import do_create_api_token
from supportdesk.api.models import TokenKind, TokenScope
from supportdesk.chat.models import ChatHost, RefusedConnection
from supportdesk.mail.inbound import take_in_email
from supportdesk.mail.models import InboundEmail, IntakeRecord
from supportdesk.sla.models import CalendarOverride, SlaClock
from supportdesk.telegram.actions.bot_settings import do_ensure_bot_settings
from supportdesk.telegram.models import BotMessage, TelegramUpdate
from supportdesk.tickets.models import Attachment, OutboxDelivery, RejectedInbound, Ticket
from supportdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from supportdesk.workspace.models import CannedResponse
from tests.accounts.factories import AgentFactory
from tests.mail.corpus import customer_message
from tests.mail.factories import MailboxFactory
from tests.sla.factories import AgreementFactory, EnterpriseOrganisationFactory
from tests.telegram.factories import DialogueFactory

ROLES = (
    "anonymous",
    "customer",  # requester of ticket A
    "other_customer",  # another organisation
    "colleague",  # ticket A's organisation, which keeps tickets private
    "colleague_sees_all",  # ticket A's organisation, which lets members see all
    "agent",  # staff without admin permissions
    "admin",  # superuser
)


@dataclass(frozen=True)
class Route:
    key: str  # the namespaced URL name, or the route itself when unnamed
    route: str

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def routes() -> list[Route]:
    found: dict[str, Route] = {}
    for route, name in _walk(get_resolver().url_patterns, "", ""):
        key = name or route
        found.setdefault(key, Route(key, route))
    return sorted(found.values(), key=lambda r: r.key)


def _walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield (
                prefix + str(pattern.pattern),
                f"{namespace}{pattern.name}" if pattern.name else "",
            )


@dataclass
class Scenario:
    ticket_number: int
    attachment_id: int
    objects: dict[str, str]  # admin model path ("tickets/ticket") → an existing object's pk
    users: dict[str, User | None]
    organisation_id: int

    def path(self, route: Route) -> str:
        if route.route.startswith("admin/^("):
            return "/admin/tickets/"  # the app index's regex
        if route.route.startswith("admin/(?P<url>"):
            return "/admin/no-such-page/"
        values = {
            "number": str(self.ticket_number),
            "attachment_id": str(self.attachment_id),
            "uidb64": "MQ",
            "token": "set-password" if "reset" in route.key else "bad-token",
            "id": str(self.objects["accounts/user"]),
            "content_type_id": str(ContentType.objects.get(model="ticket").pk),
            "organisation_id": str(self.organisation_id),
            "contact_id": self.objects["customers/contact"],
        }
        model = re.match(r"admin/(\w+/\w+)/<path:object_id>", route.route)
        if model:
            values["object_id"] = self.objects[model[1]]
        elif "object_id" in route.route:
            values["object_id"] = self.objects["tickets/ticket"]
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route.route)


def build_scenario(customer_factory, open_ticket) -> Scenario:  # pytest's fixtures
    """Ticket A with an attachment, people in every role, and one row of every admin model."""
    customer = customer_factory("ivan@promstroy.example")
    organisation = customer.organisation
    colleague = customer_factory("olga@promstroy.example", organisation=organisation)
    other = customer_factory("petr@romashka.example", organisation=EnterpriseOrganisationFactory())
    # Whether colleagues see all is the organisation's switch: the test flips it for this role.
    sees_all = customer_factory("anna@promstroy.example", organisation=organisation)
    ticket = open_ticket(organisation=organisation, subject="Ticket A")
    Ticket.objects.filter(pk=ticket.pk).update(requester=customer)
    message = ticket.messages.get()
    attachment = Attachment(message=message, filename="a.txt", content_type="text/plain", size=1)
    attachment.file.save("a.txt", ContentFile(b"a"), save=False)
    attachment.save()

    mailbox = MailboxFactory.create(address="help@desk.example")
    take_in_email(customer_message(message_id="<matrix@promstroy.example>"), mailbox=mailbox)
    dialogue = DialogueFactory.create()
    rows = {
        "auth/group": Group.objects.create(name="Support"),
        "django_tasks_database/dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="supportdesk.ops.tasks.x",
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
        ),
        "accounts/user": AgentFactory(username="colleague-agent"),
        "customers/organisation": organisation,
        "api/apitoken": do_create_api_token(
            actor=None,
            name="Cloud",
            kind=TokenKind.INTEGRATION,
            scope=TokenScope.READ,
            user=None,
            expires_at=None,
        ).token,
        "customers/contact": customer,
        "tickets/ticket": ticket,
        "tickets/message": message,
        "tickets/outboxdelivery": OutboxDelivery.objects.first(),
        "tickets/rejectedinbound": RejectedInbound.objects.create(
            channel="email", external_id="x", reason="test", payload={}
        ),
        "sla/agreement": AgreementFactory(organisation=organisation),
        "sla/calendaroverride": CalendarOverride.objects.create(
            day=date(2020, 1, 10), working=False, reason="test"
        ),
        "sla/slaclock": SlaClock.objects.first(),
        "mail/mailbox": mailbox,
        "mail/intakerecord": IntakeRecord.objects.first(),
        "mail/inboundemail": InboundEmail.objects.first(),
        "telegram/telegramupdate": TelegramUpdate.objects.create(
            update_id=1, kind="message", payload={"update_id": 1}, received_at=timezone.now()
        ),
        "telegram/dialogue": dialogue,
        "telegram/botmessage": BotMessage.objects.create(dialogue=dialogue, chat_id=1, text="hi"),
        "telegram/botsettings": do_ensure_bot_settings(),
        "chat/chathost": (
            chat_host := ChatHost.objects.create(
                name="App", allowed_origins="https://app.example", secret="s"
            )
        ),
        "chat/refusedconnection": RefusedConnection.objects.create(host=chat_host, reason="forged"),
        "workspace/cannedresponse": CannedResponse.objects.create(title="Shared", body="Hello"),
        "webhooks/webhooksubscription": (
            hook := WebhookSubscription.objects.create(
                name="CRM",
                url="https://crm.example/hooks",
                secret="s" * 16,
                event_types=["ticket.created"],
            )
        ),
        "webhooks/webhookdelivery": WebhookDelivery.objects.create(
            subscription=hook, event_type="ping", payload={"type": "ping"}
        ),
    }
    return Scenario(
        ticket_number=ticket.number,
        attachment_id=attachment.pk,
        objects={name: str(row.pk) for name, row in rows.items() if row is not None},
        users={
            "anonymous": None,
            "customer": customer.user,
            "other_customer": other.user,
            "colleague": colleague.user,
            "colleague_sees_all": sees_all.user,
            "agent": AgentFactory.create(username="agent"),
            "admin": AgentFactory.create(username="admin", is_superuser=True),
        },
        organisation_id=organisation.pk,
    )

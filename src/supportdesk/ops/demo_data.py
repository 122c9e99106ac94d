"""Demo data for the embedded install: three customers, two agents, tickets in every status,
and a past reaching back to the first day of last month (`demo_history`).

Everything goes through the same intake and actions as real traffic, so the timeline of a
demo ticket looks like a real one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from supportdesk.accounts.models import User
from supportdesk.chat.models import DEMO_HOST_KEY, ChatHost
from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.actions.portal_accounts import do_link_portal_account
from supportdesk.customers.models import Edition, IdentityKind, Organisation, Plan
from supportdesk.ops.demo_history import record_demo_history
from supportdesk.ops.models import DemoDataLoad
from supportdesk.tickets.actions.assignment import do_assign_ticket
from supportdesk.tickets.actions.replies import do_add_internal_note, do_send_public_reply
from supportdesk.tickets.actions.severity import do_confirm_critical
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.inbound import InboundMessage, receive
from supportdesk.tickets.models import Status, Ticket
from supportdesk.workspace.models import CannedResponse

AGENTS_GROUP = "Agents"


@dataclass(frozen=True)
class AgentCredentials:
    username: str
    password: str
    superuser: bool
    portal: bool = False


def demo_data_loaded() -> bool:
    return DemoDataLoad.objects.exists()


def _agents_group() -> Group:
    group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=["tickets", "customers"]).exclude(
        codename__startswith="delete_"
    )
    group.permissions.set(perms)
    return group


def _organisation(name: str, edition: str, plan: str, seats: int, domain: str) -> Organisation:
    org = Organisation.objects.create(name=name, edition=edition, plan=plan, seats=seats)
    if domain:
        org.domains.create(domain=domain)
    return org


def _mail(
    n: int, email: str, name: str, subject: str, text: str, hours_ago: float, **extra: object
) -> Ticket:
    return receive(
        InboundMessage(
            channel="email",
            external_id=f"<demo-{n}@demo.supportdesk>",
            sender=SenderIdentity(
                kind=IdentityKind.EMAIL,
                external_id=email,
                email=email,
                name=name,
                email_verified=True,
            ),
            subject=subject,
            text=text,
            received_at=timezone.now() - timedelta(hours=hours_ago),
            **extra,  # type: ignore[arg-type]
        )
    ).ticket


@transaction.atomic
def load_demo_data() -> list[AgentCredentials]:
    group = _agents_group()
    credentials = [
        AgentCredentials("admin", secrets.token_urlsafe(12), superuser=True),
        AgentCredentials("agent", secrets.token_urlsafe(12), superuser=False),
    ]
    agents = []
    for cred in credentials:
        user = User.objects.create_user(
            username=cred.username,
            password=cred.password,
            email=f"{cred.username}@supportdesk.example",
            first_name="Анна" if cred.superuser else "Борис",
            is_staff=True,
            is_superuser=cred.superuser,
        )
        user.groups.add(group)
        agents.append(user)
    admin, agent = agents

    romashka = _organisation("ООО «Ромашка»", Edition.CLOUD, Plan.TEAM, 60, "romashka.example")
    _organisation("Фриланс-студия", Edition.CLOUD, Plan.FREE, 3, "freelance.example")
    promstroy = _organisation(
        "АО «ПромСтрой»", Edition.ENTERPRISE, Plan.ENTERPRISE, 800, "promstroy.example"
    )
    # The cloud application's team ids, as the demo chat host page (/chat/demo/) signs them.
    Organisation.objects.filter(pk=romashka.pk).update(external_id="romashka")
    Organisation.objects.filter(pk=promstroy.pk).update(external_id="promstroy")
    ChatHost.objects.create(
        name="Облачное приложение (демо)",
        key=DEMO_HOST_KEY,
        allowed_origins="http://127.0.0.1:8000\nhttp://localhost:8000",
        secret=secrets.token_urlsafe(32),
    )
    portal_password = secrets.token_urlsafe(12)
    customer = User.objects.create_user(
        username="olga@romashka.example",
        email="olga@romashka.example",
        password=portal_password,
        first_name="Ольга",
        last_name="Иванова",
    )
    do_link_portal_account(user=customer)
    credentials.append(
        AgentCredentials("olga@romashka.example", portal_password, superuser=False, portal=True)
    )
    # The past first, so ticket numbers grow with time as they would have.
    record_demo_history(agents=agents, portal_user=customer, today=timezone.localdate())

    _mail(
        1,
        "olga@romashka.example",
        "Ольга Иванова",
        "Не открывается диаграмма",
        "Добрый день! Диаграмма процесса закупок не открывается, бесконечная загрузка.",
        2,
    )
    opened = _mail(
        2,
        "ivan@promstroy.example",
        "Иван Петров",
        "Ошибка 502 после обновления",
        "После обновления до 4.2 сервер отдаёт 502 на /api/diagrams.",
        30,
        diagnostics=DiagnosticFields(image_version="registry.example/app:4.2.0"),
    )
    do_send_public_reply(
        ticket=opened,
        agent=agent,
        body="Иван, пришлите, пожалуйста, лог контейнера за последний час.",
    )
    do_assign_ticket(ticket=opened, agent=admin, assignee=agent)
    waiting = _mail(
        3,
        "maria@freelance.example",
        "Мария",
        "Как экспортировать в PNG?",
        "Подскажите, как выгрузить диаграмму в PNG с прозрачным фоном?",
        50,
    )
    do_send_public_reply(
        ticket=waiting,
        agent=admin,
        body="Мария, меню «Файл → Экспорт → PNG», галочка «Прозрачный фон».",
    )
    do_change_status(ticket=waiting, agent=admin, status=Status.WAITING)
    resolved = _mail(
        4,
        "petr@romashka.example",
        "Пётр",
        "Не приходит письмо приглашения",
        "Коллега не получил приглашение в команду.",
        80,
    )
    do_send_public_reply(ticket=resolved, agent=agent, body="Отправили приглашение повторно.")
    do_change_status(ticket=resolved, agent=agent, status=Status.RESOLVED)
    closed = _mail(
        5,
        "ivan@promstroy.example",
        "Иван Петров",
        "Продление лицензии",
        "Where can we download the renewed licence file?",
        300,
    )
    do_send_public_reply(
        ticket=closed, agent=admin, body="The licence file is attached to your account."
    )
    do_change_status(ticket=closed, agent=admin, status=Status.CLOSED)
    critical = _mail(
        6,
        "admin@promstroy.example",
        "Сергей",
        "Никто не может войти",
        "После перезапуска контейнеров ни один пользователь не может войти.",
        1,
        critical_claim=True,
    )
    do_add_internal_note(ticket=critical, agent=agent, body="Похоже на истёкший сертификат LDAP.")
    do_confirm_critical(ticket=critical, agent=admin, reason="Вход недоступен всем пользователям.")
    _mail(
        7,
        "olga@romashka.example",
        "Ольга Иванова",
        "Everything is unusable",
        "None of our 60 users can open the editor since this morning.",
        0.5,
        critical_claim=True,
    )

    CannedResponse.objects.create(
        title="Запросить HAR",
        asks_for="har",
        body=(
            "{customer_name}, здравствуйте!\n\nЧтобы разобраться с заявкой #{ticket_number}, "
            "пришлите, пожалуйста, HAR-файл, записанный во время ошибки. Ответим до {sla_due}."
        ),
    )
    DemoDataLoad.objects.create()
    return credentials

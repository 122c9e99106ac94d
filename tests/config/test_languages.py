"""Every admin page and every desk page reads as one language: Russian by default, English when
asked. Text of the other language (a Latin word on a Russian page, a Cyrillic one on an English
page) fails the test, except the data itself (names, subjects, addresses) and a few proper names."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from supportdesk.accounts.models import User
from supportdesk.customers.models import Organisation
from tests.config.access_scenario import Scenario, build_scenario, routes

pytestmark = pytest.mark.django_db

# Proper names and codes a Russian page writes in Latin letters, as Russian speakers do.
LATIN_IN_RUSSIAN = {
    "SupportDesk",
    "SLA",
    "HAR",
    "IMAP",
    "SMTP",
    "Telegram",
    "Team",
    "Enterprise",
    "Free",
    "Email",
    "email",
    "URL",
    "ID",
    "CSV",
    "XLSX",
    "API",
    "Fernet",
    "HMAC",
    "SHA",
    "JSON",
    "Chrome",
    "Docker",
    "Kubernetes",
    "Redis",
    "PostgreSQL",
    "Prometheus",
    "UTF",
    # Django's own Russian: "Удерживайте “Control” (или “Command” на Mac)", "Single Sign-On или LDAP".
    "Control",
    "Command",
    "Mac",
    "Single",
    "Sing",
    "Sign",
    "LDAP",
    "SSL",
    "TLS",
    "STARTTLS",
    "HTML",
    # Email header names and a Bot API method, written as they are.
    "Message",
    "Reply",
    "References",
    "getMe",
}
# Code shown as code (the collector's command line, a traceback) is in no language.
_TAGS = re.compile(r"<(script|style|svg|pre|code)\b.*?</\1>|<[^>]+>", re.S)
# Django's own icons say "True", "False", "None" and "Search" in every language: left out.
_ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label)="([^"]*)"')
# ... and the masked password hash the user page shows ("afd**********").
_ADDRESSES = re.compile(r"\S+@\S+|\bhttps?://\S+|/[\w./-]+/|\S*\*{4,}\S*")


def _data_values() -> set[str]:
    """Every text stored in the test database: what users typed is in its own language."""
    values: set[str] = set()
    for model in apps.get_models():
        texts = (models.CharField, models.TextField, models.JSONField, models.UUIDField)
        fields = [f.name for f in model._meta.fields if isinstance(f, texts)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if isinstance(value, dict | list):  # shown as JSON
                    value = json.dumps(value, ensure_ascii=False)
                if value and len(str(value)) > 1:
                    values.add(str(value))
    return values


def visible_text(page: str, data: set[str]) -> str:
    text = " ".join(_ATTRIBUTES.findall(page)) + " " + _TAGS.sub(" ", page)
    text = _ADDRESSES.sub(" ", html.unescape(text))
    for value in sorted(data, key=len, reverse=True):
        # Whole values only: the group "Support" must not take "Support" out of "SupportDesk".
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    return text


def foreign_words(text: str, language: str) -> set[str]:
    if language == "ru":
        return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in LATIN_IN_RUSSIAN}
    return set(re.findall(r"[А-Яа-яЁё]{2,}", text))


def pages(scenario: Scenario) -> list[str]:
    found = []
    for route in routes():
        if not (
            route.key.startswith(("admin:", "workspace:", "reports:"))
            or route.route.startswith("admin/")
        ):
            continue
        if any(
            part in route.key
            for part in (
                "logout",
                "delete",
                "password_change_done",
                "jsi18n",
                "autocomplete",
                "view_on_site",
                "attachment",
                "canned",
            )
        ):
            continue
        found.append(scenario.path(route))
    return sorted(set(found))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_admin_and_desk_page_reads_in_one_language(
    client: Client, customer_factory, open_ticket, language
):
    scenario = build_scenario(customer_factory, open_ticket)
    admin = scenario.users["admin"]
    assert isinstance(admin, User)
    client.force_login(admin)
    client.cookies["django_language"] = language
    data = _data_values()
    offences = {}
    for path in pages(scenario):
        response = client.get(path, headers={"Accept-Language": language})
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        words = foreign_words(visible_text(response.text, data), language)
        if words:
            offences[path] = sorted(words)[:15]
    assert offences == {}


def test_the_admin_never_declines_a_model_name_wrongly(admin_client, customer_factory):
    """Django's Russian puts a model's name where Russian needs another case or gender; the desk
    words those places so that no declension is needed."""
    customer_factory("ivan@promstroy.example")
    page = admin_client.get("/admin/customers/contact/").text
    assert "<h1>Контакты</h1>" in page and "Всего: 1" in page
    assert "Выберите контакт" not in page and "1 контакт" not in page
    add = admin_client.get("/admin/customers/organisation/add/").text
    assert "Добавление: организация" in add and "— выберите —" in add
    response = admin_client.post(
        "/admin/customers/organisation/add/",
        {
            "name": "ООО «Вектор»",
            "edition": "cloud",
            "plan": "team",
            "seats": "5",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert re.search(r"Добавлено: организация «<a [^>]+>ООО «Вектор»</a>»\.", response.text)
    assert Organisation.objects.filter(name="ООО «Вектор»").exists()
    assert "Администрирование SupportDesk" in page and "Django" not in page

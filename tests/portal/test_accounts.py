import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from supportdesk.accounts.models import User
from supportdesk.customers.models import Identity
from supportdesk.tickets.inbound import receive
from tests.tickets.factories import email_sender, inbound_email

pytestmark = pytest.mark.django_db

STRONG = "Tr0ubadour-и-лошадь"


def _register(client, email="olga@romashka.example", password=STRONG):
    return client.post(
        reverse("portal:register"), {"name": "Ольга", "email": email, "password": password}
    )


def _confirmation_link(message) -> str:
    found = re.search(r"http://testserver(/portal/confirm/\S+/)", message.body)
    assert found
    return found.group(1)


def test_register_confirm_and_see_tickets_opened_by_email_earlier(
    client, django_capture_on_commit_callbacks
):
    earlier = receive(inbound_email(sender=email_sender("olga@romashka.example"))).ticket
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client)
    assert response["Location"] == reverse("portal:register_done")
    assert User.objects.get(email="olga@romashka.example").is_active is False
    (message,) = mail.outbox
    assert message.subject == "Подтвердите адрес эл. почты в SupportDesk"

    response = client.get(_confirmation_link(message))
    assert response["Location"] == reverse("portal:requests")
    page = client.get(reverse("portal:requests"))
    assert earlier.subject in page.text
    user = User.objects.get(email="olga@romashka.example")
    assert (
        Identity.objects.get(kind="portal", external_id=str(user.pk)).contact == earlier.requester
    )


def test_confirmation_link_works_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(client)
    link = _confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 302
    client.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "Ссылка не работает" in response.text


def test_registering_a_known_address_looks_the_same_and_warns_the_owner(
    client, django_capture_on_commit_callbacks
):
    User.objects.create_user("olga@romashka.example", "olga@romashka.example", STRONG)
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, password="Другой-пароль-42")
    assert response["Location"] == reverse("portal:register_done")
    (message,) = mail.outbox
    assert "уже есть учётная запись" in message.body
    assert User.objects.get(email="olga@romashka.example").check_password(STRONG)


@pytest.mark.parametrize("password", ["12345678901", "password123", "olga@romashka"])
def test_weak_passwords_are_refused(client, password):
    response = _register(client, password=password)
    assert response.status_code == 200
    assert 'class="field invalid" id="field-password"' in response.text
    assert not User.objects.exists()


def test_login_failure_message_does_not_reveal_the_account(client, customer):
    known = client.post(
        reverse("portal:login"), {"email": customer.email, "password": "wrong-password"}
    )
    unknown = client.post(
        reverse("portal:login"), {"email": "nobody@x.example", "password": "wrong-password"}
    )
    assert "Неверный адрес или пароль" in known.text
    assert known.text.count("Неверный адрес") == unknown.text.count("Неверный адрес")


@override_settings(SUPPORTDESK_LOGIN_LOCKOUT_RATE="3/15m")
def test_account_is_locked_after_repeated_failures_even_with_the_right_password(client, customer):
    for _ in range(3):
        client.post(
            reverse("portal:login"), {"email": customer.email, "password": "wrong-password"}
        )
    response = client.post(
        reverse("portal:login"), {"email": customer.email, "password": "correct horse battery"}
    )
    assert response.status_code == 429
    assert "Слишком много попыток" in response.text
    assert "_auth_user_id" not in client.session


@override_settings(SUPPORTDESK_REGISTRATION_RATE="2/h")
def test_registration_is_rate_limited_per_address(client):
    _register(client, email="a@x.example")
    _register(client, email="b@x.example")
    response = _register(client, email="c@x.example")
    assert response.status_code == 429
    assert not User.objects.filter(email="c@x.example").exists()


@override_settings(SUPPORTDESK_PASSWORD_RESET_RATE="1/h")
def test_password_reset_never_reveals_and_is_rate_limited(
    client, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("portal:password_reset"), {"email": customer.email})
    assert known["Location"] == reverse("portal:password_reset_done")
    assert len(mail.outbox) == 1
    limited = client.post(reverse("portal:password_reset"), {"email": "nobody@x.example"})
    assert limited.status_code == 429


def test_login_and_redirect_only_to_this_site(client, customer):
    response = client.post(
        reverse("portal:login") + "?next=https://evil.example/",
        {"email": customer.email, "password": "correct horse battery"},
    )
    assert response["Location"] == reverse("portal:requests")


def test_sessions_expire():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE <= 24 * 3600

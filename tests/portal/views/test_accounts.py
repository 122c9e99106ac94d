"""Registration and login hardening of the portal's account views (issue 12, findings 3 and 7a)."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from supportdesk.accounts.models import User
from supportdesk.accounts.tokens import uid_for
from tests.accounts.factories import AgentFactory, CustomerUserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "olga@romashka.example"
VICTIM_PASSWORD = "Tr0ubadour-и-лошадь"
ATTACKER_PASSWORD = "Злоумышленник-2026!"


def _register(client, password, email=ADDRESS, name="Ольга"):
    return client.post(
        reverse("portal:register"), {"name": name, "email": email, "password": password}
    )


def _link(message) -> str:
    found = re.search(r"http://testserver(/portal/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def _logs_in(password: str) -> bool:
    client = Client()
    client.post(reverse("portal:login"), {"email": ADDRESS, "password": password})
    return "_auth_user_id" in client.session


def test_a_second_registration_of_a_pending_address_cannot_take_the_account_over(
    django_capture_on_commit_callbacks,
):
    victim, attacker = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        _register(victim, VICTIM_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        _register(attacker, ATTACKER_PASSWORD, name="Attacker")
    first_mail, second_mail = mail.outbox

    # The victim clicks the first (still unexpired) link: it no longer activates anything.
    response = victim.get(_link(first_mail))
    assert response.status_code == 400
    assert not _logs_in(ATTACKER_PASSWORD)
    assert not _logs_in(VICTIM_PASSWORD)

    # The second mail says so and lets the mailbox's owner choose the password.
    assert "больше не действуют" in second_mail.body
    page = victim.get(_link(second_mail), follow=True)
    assert page.status_code == 200
    response = victim.post(
        page.redirect_chain[-1][0],
        {"new_password1": VICTIM_PASSWORD, "new_password2": VICTIM_PASSWORD},
    )
    assert response["Location"] == reverse("portal:requests")
    assert victim.get(reverse("portal:requests")).status_code == 200

    assert not _logs_in(ATTACKER_PASSWORD)
    assert _logs_in(VICTIM_PASSWORD)
    user = User.objects.get(email=ADDRESS)
    assert user.first_name == "Ольга"


def test_the_password_chosen_with_a_single_registration_is_the_one_confirmed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, VICTIM_PASSWORD)
    assert client.get(_link(mail.outbox[0]))["Location"] == reverse("portal:requests")
    assert _logs_in(VICTIM_PASSWORD)


def test_registration_answers_alike_for_new_pending_confirmed_and_staff_addresses(client):
    CustomerUserFactory.create(username="confirmed@x.example", email="confirmed@x.example")
    AgentFactory.create(username="agent@x.example", email="agent@x.example")
    _register(client, VICTIM_PASSWORD, email="pending@x.example")
    answers = {
        email: _register(Client(), ATTACKER_PASSWORD, email=email)
        for email in (
            "new@x.example",
            "pending@x.example",
            "confirmed@x.example",
            "agent@x.example",
        )
    }
    assert {(r.status_code, r["Location"]) for r in answers.values()} == {
        (302, reverse("portal:register_done"))
    }


@pytest.mark.parametrize("staff", [False, True])
def test_registering_again_never_reactivates_a_deactivated_account(
    client, staff, django_capture_on_commit_callbacks
):
    factory = AgentFactory if staff else CustomerUserFactory
    user = factory.create(username=ADDRESS, email=ADDRESS, is_active=False)
    if not staff:
        User.objects.filter(pk=user.pk).update(last_login="2026-01-12T10:00:00+03:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, ATTACKER_PASSWORD)
    assert response["Location"] == reverse("portal:register_done")
    assert mail.outbox == []
    user.refresh_from_db()
    assert not user.is_active
    assert user.check_password("correct horse battery")


@override_settings(SUPPORTDESK_LOGIN_RATE="20/10m", SUPPORTDESK_TRUSTED_PROXIES=[])
def test_rotating_x_forwarded_for_does_not_escape_the_login_limit(client):
    statuses = [
        client.post(
            reverse("portal:login"),
            {"email": f"guess{n}@x.example", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(25)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20:] == [429] * 5


@override_settings(SUPPORTDESK_LOGIN_RATE="3/10m", SUPPORTDESK_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_the_one_limited(client):
    def attempt(forwarded_for: str) -> int:
        return client.post(
            reverse("portal:login"),
            {"email": "guess@x.example", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    # The client prepends made-up addresses; the proxy appends the one it saw (203.0.113.7).
    assert [attempt(f"192.0.2.{n}, 203.0.113.7") for n in range(4)] == [200, 200, 200, 429]
    assert attempt("203.0.113.8") == 200


def test_the_portal_sets_no_staff_password_even_with_a_valid_reset_link(client):
    agent = AgentFactory.create()
    link = reverse(
        "portal:password_reset_confirm",
        args=[uid_for(agent), default_token_generator.make_token(agent)],
    )
    page = client.get(link, follow=True)
    assert "Ссылка неверна или устарела" in page.text
    assert 'name="new_password1"' not in page.text

"""The portal's password reset serves portal customers only (issue 12, finding 7b)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import AgentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["agent", "admin"])
def test_portal_password_reset_sends_nothing_to_staff_and_answers_as_for_anyone(
    client, role, django_capture_on_commit_callbacks
):
    staff = AgentFactory.create(email="boss@desk.example", is_superuser=role == "admin")
    with django_capture_on_commit_callbacks(execute=True):
        for_staff = client.post(reverse("portal:password_reset"), {"email": staff.email})
        for_nobody = client.post(reverse("portal:password_reset"), {"email": "nobody@x.example"})
    assert mail.outbox == []
    assert (for_staff.status_code, for_staff["Location"]) == (
        for_nobody.status_code,
        for_nobody["Location"],
    )


def test_portal_password_reset_still_serves_customers(
    client, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:password_reset"), {"email": customer.email})
    (message,) = mail.outbox
    assert "/portal/password/reset/" in message.body

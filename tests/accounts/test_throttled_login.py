import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(SUPPORTDESK_LOGIN_RATE="20/10m", SUPPORTDESK_TRUSTED_PROXIES=[])
def test_agents_login_limit_ignores_a_rotating_x_forwarded_for(client):
    statuses = [
        client.post(
            reverse("workspace:login"),
            {"username": f"guess{n}", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(22)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20:] == [429, 429]

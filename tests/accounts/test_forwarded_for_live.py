"""Through a real uvicorn started as `serve` starts it, a client rotating X-Forwarded-For is
still one client to the login limit (issue 12, finding 7: uvicorn itself must not believe it)."""

import httpx
import pytest


@pytest.mark.django_db(transaction=True)
def test_rotating_x_forwarded_for_through_the_real_server_is_still_limited(asgi_server, settings):
    settings.SUPPORTDESK_LOGIN_RATE = "5/10m"
    settings.SUPPORTDESK_TRUSTED_PROXIES = []
    with httpx.Client(base_url=asgi_server) as client:
        client.get("/portal/login/")
        token = client.cookies["csrftoken"]
        statuses = [
            client.post(
                "/portal/login/",
                data={
                    "email": f"nobody{attempt}@example.com",
                    "password": "wrong password",
                    "csrfmiddlewaretoken": token,
                },
                headers={"X-Forwarded-For": f"203.0.113.{attempt}", "Referer": asgi_server},
            ).status_code
            for attempt in range(8)
        ]
    assert statuses == [200] * 5 + [429] * 3

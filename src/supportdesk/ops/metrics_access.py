"""Who may read `/metrics`: a scraper with the bearer token, or one at an allowed address.

Nothing configured means nobody (fail closed), except in the embedded default, where a
request from the loopback address may read it: the desk there listens on 127.0.0.1 only.
The client's address is the one `client_address` believes (SUPPORTDESK_TRUSTED_PROXIES).
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

from supportdesk.accounts.client_address import client_address

LOOPBACK = ipaddress.ip_network("127.0.0.1/32")


def _presented_token(request: HttpRequest) -> str | None:
    scheme, _, token = str(request.headers.get("Authorization", "")).partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _token_matches(request: HttpRequest) -> bool:
    expected = settings.SUPPORTDESK_METRICS_TOKEN
    presented = _presented_token(request)
    if not expected or presented is None:
        return False
    return hmac.compare_digest(presented.encode(), expected.encode())


def _address_allowed(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    networks = [
        ipaddress.ip_network(item, strict=False) for item in settings.SUPPORTDESK_METRICS_ALLOW
    ]
    if settings.SUPPORTDESK_METRICS_LOOPBACK_OPEN:
        networks.append(LOOPBACK)
    return any(address in network for network in networks)


def may_read_metrics(request: HttpRequest) -> bool:
    return _token_matches(request) or _address_allowed(request)

"""The address of the client behind a request, for per-address rate limits and logs.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as
the proxies named in SUPPORTDESK_TRUSTED_PROXIES vouch for it: starting from the peer and
walking the header from the right, the first address not of a trusted proxy is the client.
Anything to its left was made up by the client itself.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network
type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _trusted_proxies() -> list[Network]:
    # Parsed per call: the list is short, and tests override the setting.
    return [
        ipaddress.ip_network(item, strict=False)
        for item in getattr(settings, "SUPPORTDESK_TRUSTED_PROXIES", [])
    ]


def _parse(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    return forwarded_client_address(
        peer=str(request.META.get("REMOTE_ADDR") or ""),
        forwarded_for=str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
    )


def forwarded_client_address(*, peer: str, forwarded_for: str) -> str:
    """`client_address` of a connection that is not a Django request (a WebSocket)."""
    trusted = _trusted_proxies()

    def is_trusted(address: Address) -> bool:
        return any(address in network for network in trusted)

    nearest = _parse(peer)
    if nearest is None or not is_trusted(nearest):
        return peer
    hops = forwarded_for.split(",")
    for hop in reversed(hops):
        if not hop.strip():
            continue
        address = _parse(hop)
        if address is None:
            # A trusted proxy writes only addresses; this came from further left, so the
            # hop that passed it on is the nearest address we can stand behind.
            break
        nearest = address
        if not is_trusted(address):
            break
    return str(nearest)

"""Where webhooks may go: public HTTPS receivers, and nothing inside the desk's own network
unless the administrator says so (a webhook URL must not turn the desk into a proxy to its
database, its /metrics or the cloud's metadata service).

SUPPORTDESK_WEBHOOK_ALLOW lists IP addresses or networks (any host resolving into them may be
reached) and host names (that host may be reached at whatever address it has). Only those may
take plain HTTP or live at a loopback, private, link-local or otherwise non-public address.
The URL is checked when a subscription is saved, and every address a host name resolves to
is checked again when connecting (`guarded_connect`), so a name re-pointed later gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Allowance:
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    hosts: frozenset[str]

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, address: Address, *, host: str) -> bool:
        if self.allows_host(host):
            return True
        if any(address in network for network in self.networks):
            return True
        return address.is_global and not address.is_multicast


def allowance() -> Allowance:
    return _parse(tuple(settings.SUPPORTDESK_WEBHOOK_ALLOW))


@cache
def _parse(entries: tuple[str, ...]) -> Allowance:
    networks, hosts = [], set()
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            hosts.add(entry.strip().lower().rstrip("."))
    return Allowance(networks=tuple(networks), hosts=frozenset(hosts))


def _literal_address(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_target_url(url: str) -> None:
    """Raise a ValidationError (in the request's language) for a URL webhooks may not use."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    allowed = allowance()
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError(_("Enter an https:// address."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(
            _("Put no user name or password in the address; receivers check the signature."),
            code="userinfo",
        )
    try:
        parts.port  # noqa: B018 — raises on a port out of range
    except ValueError:
        raise ValidationError(_("The port in the address is not valid."), code="port") from None
    address = _literal_address(host)
    if host.lower().rstrip(".") == "localhost":
        address = ipaddress.ip_address("127.0.0.1")
    if address is not None and not allowed.allows_address(address, host=host):
        raise ValidationError(
            _(
                "%(host)s is a private or local address; webhooks go there only when "
                "SUPPORTDESK_WEBHOOK_ALLOW lists it."
            )
            % {"host": host},
            code="private",
        )
    listed = allowed.allows_host(host) or (
        address is not None and any(address in network for network in allowed.networks)
    )
    if parts.scheme == "http" and not listed:
        raise ValidationError(
            _(
                "Plain http:// is accepted only for hosts SUPPORTDESK_WEBHOOK_ALLOW lists; "
                "use https://."
            ),
            code="scheme",
        )


class RefusedAddress(OSError):
    """The receiver's host resolves only to addresses webhooks may not reach."""


def guarded_addresses(host: str, port: int) -> list[tuple[str, int]]:
    """The addresses of `host` a webhook may connect to, in the resolver's order."""
    allowed = allowance()
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    usable = []
    refused = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if allowed.allows_address(address, host=host):
            usable.append((str(address), port))
        else:
            refused.append(str(address))
    if not usable:
        raise RefusedAddress(
            f"{host} resolves to {', '.join(refused)}: not a public address, and "
            "SUPPORTDESK_WEBHOOK_ALLOW does not list it"
        )
    return usable

import pytest
from django.test import RequestFactory, override_settings

from supportdesk.accounts.client_address import client_address


def _request(remote_addr: str, forwarded_for: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


@override_settings(SUPPORTDESK_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(SUPPORTDESK_TRUSTED_PROXIES=["10.0.0.1"])
def test_an_untrusted_peer_cannot_speak_for_someone_else():
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(SUPPORTDESK_TRUSTED_PROXIES=["10.0.0.0/8", "::1"])
@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        # The right-most address no trusted proxy vouches for is the client.
        ("10.0.0.2", "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "192.0.2.1, 203.0.113.7, 10.1.2.3", "203.0.113.7"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # Only trusted hops: the left-most of them is as close to the client as we know.
        ("10.0.0.2", "10.9.9.9", "10.9.9.9"),
        ("10.0.0.2", "", "10.0.0.2"),
        # Something a proxy would never write stops the walk at the hop that passed it on.
        ("10.0.0.2", "192.0.2.1, not-an-address", "10.0.0.2"),
        ("10.0.0.2", "192.0.2.1, junk, 10.1.2.3", "10.1.2.3"),
    ],
)
def test_behind_trusted_proxies_the_right_most_untrusted_address_is_the_client(
    peer, forwarded_for, expected
):
    assert client_address(_request(peer, forwarded_for)) == expected


@override_settings(SUPPORTDESK_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_no_proxy_header_means_the_peer():
    assert client_address(_request("10.0.0.2")) == "10.0.0.2"

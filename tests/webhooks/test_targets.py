import pytest
from django.core.exceptions import ValidationError

from supportdesk.tickets.models import DeliveryStatus
from supportdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from supportdesk.webhooks.targets import check_target_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "https://[::1]/",
        "https://192.168.1.10/",
        "https://100.64.0.1/",
        "http://localhost/",
        "ftp://crm.example/",
        "http://crm.example/",
    ],
)
def test_private_local_and_plain_addresses_are_refused_by_default(settings, url):
    settings.SUPPORTDESK_WEBHOOK_ALLOW = []
    with pytest.raises(ValidationError):
        check_target_url(url)


def test_public_https_and_what_the_setting_allows_are_accepted(settings):
    settings.SUPPORTDESK_WEBHOOK_ALLOW = ["10.0.0.0/8", "hooks.internal"]
    for url in ("https://crm.example/hook", "http://10.2.3.4:8080/", "http://hooks.internal/"):
        check_target_url(url)
    with pytest.raises(ValidationError):
        check_target_url("http://192.168.0.1/")


def test_a_name_resolving_to_a_local_address_is_refused_when_connecting(
    subscription, receiver, open_ticket, settings, django_capture_on_commit_callbacks
):
    # Saved while allowed (or re-pointed since): the connection checks the address again.
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        url=receiver.url.replace("127.0.0.1", "localhost"), event_types=["ticket.created"]
    )
    settings.SUPPORTDESK_WEBHOOK_ALLOW = []
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "RefusedAddress" in delivery.last_error
    assert receiver.requests == []

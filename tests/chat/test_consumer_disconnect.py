"""A widget that leaves is offline at once, even when the channel layer fails to let it go
(Redis refusing connections while a thousand widgets leave together): otherwise an agent's
reply in the next minute and a half would not go out by email too."""

from __future__ import annotations

import pytest
from channels.layers import get_channel_layer

from supportdesk.chat import presence
from supportdesk.customers.models import Contact
from tests.ops.processes import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_widget_that_leaves_is_offline_even_when_the_layer_cannot_forget_it(
    chat_host, open_widget, monkeypatch
):
    async def refused(*args: object) -> None:
        raise ConnectionError("Too many connections")

    monkeypatch.setattr(get_channel_layer(), "group_discard", refused)
    widget = open_widget()
    assert widget.receive()["type"] == "welcome"
    contact = Contact.objects.get(email="olga@romashka.example")
    assert presence.is_online(contact.pk)
    widget.connection.close()
    wait_for(lambda: not presence.is_online(contact.pk), timeout=10, what="the widget offline")

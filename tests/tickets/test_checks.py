"""`supportdesk check` refuses to start a desk that has a channel with no sender."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from supportdesk.ops.management.commands import serve
from supportdesk.tickets.checks import check_channels_have_senders


def test_every_channel_with_an_intake_has_a_sender():
    assert check_channels_have_senders() == []


def test_a_channel_with_no_sender_is_a_check_error(without_sender):
    without_sender("telegram")
    [error] = check_channels_have_senders()
    assert error.id == "supportdesk.tickets.E001"
    assert "telegram" in error.msg
    assert "email" not in error.msg


@pytest.mark.django_db  # the Telegram check reads the bot settings the admin keeps
def test_check_command_fails_when_a_channel_has_no_sender(without_sender):
    without_sender("telegram")
    with pytest.raises(SystemCheckError, match="No sender is registered for channel"):
        call_command("check")


@pytest.mark.django_db
def test_serve_refuses_to_start_with_a_channel_that_has_no_sender(without_sender, monkeypatch):
    started = []
    monkeypatch.setattr(serve, "Supervisor", lambda *args, **kwargs: started.append(args))
    without_sender("email")

    with pytest.raises(SystemCheckError, match="No sender is registered for channel"):
        call_command("serve", "--no-demo")
    assert started == []

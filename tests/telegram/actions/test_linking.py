from unittest import mock

import pytest
from django.core import mail

from supportdesk.telegram.actions.linking import do_request_link_code, do_send_link_code
from supportdesk.telegram.models import LinkCode
from tests.telegram.factories import DialogueFactory

pytestmark = pytest.mark.django_db


def test_the_code_is_mailed_once_however_often_the_task_runs():
    code = do_request_link_code(dialogue=DialogueFactory.create(), email="Olga@Romashka.example")

    assert do_send_link_code(code.pk) is True
    assert do_send_link_code(code.pk) is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["olga@romashka.example"]
    assert mail.outbox[0].subject.startswith("Код для бота поддержки: ")


def test_the_email_is_in_the_users_language():
    dialogue = DialogueFactory.create(language="en")
    do_send_link_code(do_request_link_code(dialogue=dialogue, email="john@example.org").pk)

    assert mail.outbox[0].subject.startswith("Your code for the support bot: ")


def test_a_mail_failure_leaves_the_code_unsent_for_a_retry():
    code = do_request_link_code(dialogue=DialogueFactory.create(), email="olga@romashka.example")

    with (
        mock.patch(
            "supportdesk.telegram.actions.linking.send_mail", side_effect=ConnectionRefusedError
        ),
        pytest.raises(ConnectionRefusedError),
    ):
        do_send_link_code(code.pk)

    code.refresh_from_db()
    assert code.sent_at is None
    assert code.code_hash == ""
    assert do_send_link_code(code.pk) is True


def test_a_replaced_code_is_never_mailed():
    dialogue = DialogueFactory.create()
    old = do_request_link_code(dialogue=dialogue, email="olga@romashka.example")
    do_request_link_code(dialogue=dialogue, email="olga@romashka.example")

    assert do_send_link_code(old.pk) is False
    assert LinkCode.objects.filter(revoked_at__isnull=True).count() == 1

"""Mailbox passwords are stored encrypted (Fernet), readable with any configured key, rotated
with `supportdesk secrets rotate`, and a wrong key is a clear error."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from supportdesk.mail.models import Mailbox
from supportdesk.secrets_at_rest import (
    PREFIX,
    SecretsKeyError,
    decrypt,
    is_encrypted_with_first_key,
)
from tests.mail.factories import MailboxFactory

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _stored(mailbox: Mailbox, field: str = "imap_password") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {field} FROM mail_mailbox WHERE id = %s", [mailbox.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_mailbox_password_is_stored_encrypted_and_read_plain(settings):
    settings.SUPPORTDESK_SECRETS_KEYS = [OLD]
    mailbox = MailboxFactory.create(imap_password="hunter2-imap", smtp_password="hunter2-smtp")
    assert _stored(mailbox).startswith(PREFIX)
    assert "hunter2" not in _stored(mailbox) + _stored(mailbox, "smtp_password")
    fresh = Mailbox.objects.get(pk=mailbox.pk)
    assert (fresh.imap_password, fresh.smtp_password) == ("hunter2-imap", "hunter2-smtp")


def test_rotation_reencrypts_with_the_new_key_and_the_old_key_can_go(settings):
    settings.SUPPORTDESK_SECRETS_KEYS = [OLD]
    mailbox = MailboxFactory.create(imap_password="hunter2")
    settings.SUPPORTDESK_SECRETS_KEYS = [NEW, OLD]
    assert Mailbox.objects.get(pk=mailbox.pk).imap_password == "hunter2"
    assert not is_encrypted_with_first_key(_stored(mailbox))
    call_command("secrets", "rotate")
    assert is_encrypted_with_first_key(_stored(mailbox))
    settings.SUPPORTDESK_SECRETS_KEYS = [NEW]
    assert Mailbox.objects.get(pk=mailbox.pk).imap_password == "hunter2"


def test_a_wrong_key_is_a_clear_error_not_garbage(settings):
    settings.SUPPORTDESK_SECRETS_KEYS = [OLD]
    mailbox = MailboxFactory.create(imap_password="hunter2")
    settings.SUPPORTDESK_SECRETS_KEYS = [NEW]
    with pytest.raises(SecretsKeyError, match="SUPPORTDESK_SECRETS_KEYS"):
        Mailbox.objects.get(pk=mailbox.pk)


def test_a_malformed_key_is_a_clear_error(settings):
    settings.SUPPORTDESK_SECRETS_KEYS = ["not-a-fernet-key"]
    with pytest.raises(SecretsKeyError, match="Fernet keys"):
        MailboxFactory.create(imap_password="hunter2")


def test_a_password_stored_before_encryption_is_read_and_encrypted_by_rotation(settings):
    settings.SUPPORTDESK_SECRETS_KEYS = [OLD]
    mailbox = MailboxFactory.create(imap_password="")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE mail_mailbox SET imap_password = %s WHERE id = %s", ["legacy", mailbox.pk]
        )
    assert Mailbox.objects.get(pk=mailbox.pk).imap_password == "legacy"
    call_command("secrets", "rotate")
    assert _stored(mailbox).startswith(PREFIX)
    assert decrypt(_stored(mailbox)) == "legacy"

import pytest

from supportdesk.mail.models import Mailbox
from tests.mail.factories import MailboxFactory

pytestmark = pytest.mark.django_db


def test_mailbox_page_never_shows_the_passwords(admin_client):
    mailbox = MailboxFactory.create(imap_password="imap-s3cret", smtp_password="smtp-s3cret")
    page = admin_client.get(f"/admin/mail/mailbox/{mailbox.pk}/change/")
    assert page.status_code == 200
    assert "imap-s3cret" not in page.text and "smtp-s3cret" not in page.text


def test_saving_without_a_password_keeps_the_stored_one(admin_client):
    mailbox = MailboxFactory.create(imap_password="imap-s3cret")
    form = {
        "name": "Support", "address": mailbox.address, "is_active": "on",
        "imap_host": "imap.example", "imap_port": 993, "imap_security": "ssl",
        "imap_login": "help", "imap_password": "", "imap_folder": "INBOX",
        "poll_interval_seconds": 60, "smtp_host": "", "smtp_port": 587,
        "smtp_security": "starttls", "smtp_login": "", "smtp_password": "new-smtp",
    }  # fmt: skip
    response = admin_client.post(f"/admin/mail/mailbox/{mailbox.pk}/change/", form)
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.imap_password, mailbox.smtp_password, mailbox.imap_host) == (
        "imap-s3cret", "new-smtp", "imap.example",
    )  # fmt: skip


def test_intake_log_is_read_only(admin_client):
    assert admin_client.get("/admin/mail/intakerecord/").status_code == 200
    assert admin_client.get("/admin/mail/intakerecord/add/").status_code == 403
    assert Mailbox.objects.count() == 0


def _test_connection(admin_client, mailbox):
    response = admin_client.post(
        "/admin/mail/mailbox/",
        {"action": "test_connection", "_selected_action": [mailbox.pk]},
        follow=True,
    )
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_testing_a_working_mailbox_reports_both_servers(admin_client, imap_mailbox, dovecot):
    from tests.mail.corpus import customer_message

    dovecot.append(customer_message(message_id="<t1@romashka.example>"))
    assert _test_connection(admin_client, imap_mailbox) == [
        (
            "success",
            f"IMAP, {imap_mailbox.address}: вход выполнен; в папке INBOX непрочитанных писем: 1",
        ),
        ("success", f"SMTP, {imap_mailbox.address}: сервер принял соединение и вход"),
    ]


def test_a_wrong_password_and_a_closed_port_are_said_in_plain_words(admin_client, imap_mailbox):
    from tests.mail.servers import free_port

    Mailbox.objects.filter(pk=imap_mailbox.pk).update(smtp_port=free_port())
    mailbox = Mailbox.objects.get(pk=imap_mailbox.pk)
    mailbox.imap_password = "wrong"
    mailbox.save()
    (imap, smtp) = _test_connection(admin_client, mailbox)
    assert imap[0] == "error" and "сервер не принял логин или пароль" in imap[1]
    assert (
        smtp[0] == "error" and "по адресу 127.0.0.1:" in smtp[1] and "никто не отвечает" in smtp[1]
    )

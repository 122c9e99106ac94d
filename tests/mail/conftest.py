import pytest

from supportdesk.mail.models import Mailbox
from tests.mail.factories import MailboxFactory


@pytest.fixture
def mailbox(db: None) -> Mailbox:
    return MailboxFactory.create(address="help@desk.example")


@pytest.fixture
def take_in(mailbox, django_capture_on_commit_callbacks):
    """`take_in_email` into the test mailbox, running what it enqueues on commit."""
    from supportdesk.mail.inbound import take_in_email

    def run(raw: bytes, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return take_in_email(raw, mailbox=mailbox, **kwargs)

    return run


@pytest.fixture(scope="session")
def dovecot():
    from tests.mail.servers import running_dovecot

    with running_dovecot() as server:
        yield server


@pytest.fixture(scope="session")
def smtp_sink():
    from tests.mail.servers import running_smtp_sink

    with running_smtp_sink() as sink:
        yield sink


@pytest.fixture
def imap_mailbox(dovecot, smtp_sink, db):
    """A desk mailbox reading the test Dovecot's (emptied) INBOX and sending to the sink."""
    from tests.mail.servers import IMAP_PASSWORD, IMAP_USER

    dovecot.clear()
    smtp_sink.clear()
    return MailboxFactory.create(
        address="help@desk.example",
        imap_port=dovecot.port,
        imap_login=IMAP_USER,
        imap_password=IMAP_PASSWORD,
        smtp_host="127.0.0.1",
        smtp_port=smtp_sink.port,
    )

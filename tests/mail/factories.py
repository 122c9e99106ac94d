import factory

from supportdesk.mail.models import Mailbox, Security


class MailboxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailbox

    name = "Поддержка"
    address = factory.Sequence(lambda n: f"help{n}@desk.example")
    imap_host = "127.0.0.1"
    imap_port = 143
    imap_security = Security.NONE
    imap_login = "help"
    imap_password = "secret"
    smtp_host = ""
    smtp_security = Security.NONE

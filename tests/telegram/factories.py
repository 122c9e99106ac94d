import factory

from supportdesk.customers.models import IdentityKind
from supportdesk.telegram.models import BotSettings, Dialogue, DialogueState
from tests.customers.factories import ContactFactory, IdentityFactory


class BotSettingsFactory(factory.django.DjangoModelFactory):
    """The admin's bot settings (one row; the environment's TELEGRAM_BOT_TOKEN wins over it)."""

    class Meta:
        model = BotSettings
        django_get_or_create = ("id",)

    id = BotSettings.SINGLETON_PK
    token = ""
    mode = "polling"


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    telegram_user_id = factory.Sequence(lambda n: 90_000_000 + n)
    chat_id = factory.LazyAttribute(lambda o: o.telegram_user_id)
    language = "ru"
    state = DialogueState.IDLE


class LinkedDialogueFactory(DialogueFactory):
    """A Telegram user already linked to a contact (the identity exists)."""

    class Meta:
        skip_postgeneration_save = True

    contact = factory.SubFactory(ContactFactory)
    identity = factory.RelatedFactory(
        IdentityFactory,
        contact=factory.SelfAttribute("..contact"),
        kind=IdentityKind.TELEGRAM,
        external_id=factory.LazyAttribute(lambda o: str(o.factory_parent.telegram_user_id)),
    )

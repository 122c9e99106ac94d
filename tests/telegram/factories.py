import factory

from supportdesk.customers.models import IdentityKind
from supportdesk.telegram.models import Dialogue, DialogueState
from tests.customers.factories import ContactFactory, IdentityFactory


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

import factory

from supportdesk.accounts.models import User


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@desk.example")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")


class CustomerUserFactory(AgentFactory):
    username = factory.Sequence(lambda n: f"customer{n}")
    is_staff = False

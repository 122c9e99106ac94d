import factory

from supportdesk.accounts.models import User


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@desk.example")
    is_staff = True
    password = factory.django.Password("correct horse battery")


class CustomerUserFactory(AgentFactory):
    username = factory.Sequence(lambda n: f"customer{n}")
    is_staff = False

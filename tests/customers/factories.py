import factory

from supportdesk.customers.models import (
    Contact,
    Edition,
    Identity,
    IdentityKind,
    Organisation,
    OrganisationDomain,
    Plan,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    edition = Edition.CLOUD
    plan = Plan.TEAM
    seats = 10


class OrganisationDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationDomain

    organisation = factory.SubFactory(OrganisationFactory)
    domain = factory.Sequence(lambda n: f"org{n}.example")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@customer.example")
    organisation = factory.SubFactory(OrganisationFactory)
    verified = True


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identity

    contact = factory.SubFactory(ContactFactory)
    kind = IdentityKind.EMAIL
    external_id = factory.LazyAttribute(lambda o: o.contact.email)

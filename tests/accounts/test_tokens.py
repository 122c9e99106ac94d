import pytest

from supportdesk.accounts.tokens import email_confirmation_token
from tests.accounts.factories import CustomerUserFactory

pytestmark = pytest.mark.django_db


def test_a_confirmation_link_dies_when_the_password_changes():
    user = CustomerUserFactory.create(is_active=False)
    token = email_confirmation_token.make_token(user)
    assert email_confirmation_token.check_token(user, token)
    user.set_password("another password 42")
    assert not email_confirmation_token.check_token(user, token)

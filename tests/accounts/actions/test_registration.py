import pytest

from supportdesk.accounts.actions.registration import (
    RegistrationLinks,
    do_confirm_email,
    do_register_customer,
)
from supportdesk.accounts.models import User
from supportdesk.accounts.tokens import email_confirmation_token, uid_for

pytestmark = pytest.mark.django_db


def _register(password: str, links: list[tuple[str, str, str]]) -> None:
    def record(kind: str):
        def url(uid: str, token: str) -> str:
            links.append((kind, uid, token))
            return f"https://desk.example/{kind}/{uid}/{token}/"

        return url

    do_register_customer(
        email="olga@romashka.example",
        password=password,
        name="Ольга",
        language="ru",
        links=RegistrationLinks(confirm=record("confirm"), choose_password=record("choose")),
    )


def test_registering_a_pending_address_again_keeps_no_password_and_voids_earlier_links():
    links: list[tuple[str, str, str]] = []
    _register("first password 123", links)
    _register("second password 456", links)
    user = User.objects.get()
    assert not user.check_password("first password 123")
    assert not user.check_password("second password 456")
    (first_kind, first_uid, first_token), (second_kind, second_uid, second_token) = links
    assert (first_kind, second_kind) == ("confirm", "choose")
    assert do_confirm_email(uidb64=first_uid, token=first_token) is None
    # The renewed link is for choosing a password; it cannot confirm an unusable one.
    assert email_confirmation_token.check_token(user, second_token)
    assert second_uid == uid_for(user)
    assert do_confirm_email(uidb64=second_uid, token=second_token) is None
    assert not User.objects.get().is_active

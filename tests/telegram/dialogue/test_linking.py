import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from supportdesk.customers.models import Identity, IdentityKind
from supportdesk.telegram.actions import linking
from supportdesk.telegram.models import Dialogue, DialogueState, LinkCode
from tests.customers.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _mailed_code() -> str:
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_start_greets_in_russian_and_asks_for_the_email(chat):
    chat.send("/start")

    [greeting] = chat.new_replies()
    assert greeting.startswith("Здравствуйте! Я бот службы поддержки.")
    assert "адрес почты" in greeting


def test_start_greets_in_english_when_the_telegram_language_is_english(english_chat):
    english_chat.send("/start")

    assert english_chat.last_reply().startswith("Hello! I am the support bot.")


def test_user_is_linked_to_the_existing_contact_by_the_emailed_code(chat):
    contact = ContactFactory.create(email="olga@romashka.example")
    chat.send("/start")
    chat.send("Olga@Romashka.example")

    assert mail.outbox[-1].to == ["olga@romashka.example"]
    assert "olga@romashka.example" in chat.new_replies()[-1]
    chat.send(_mailed_code())

    assert chat.new_replies()[-1].startswith("Готово: вы вошли как olga@romashka.example.")
    identity = Identity.objects.get(kind=IdentityKind.TELEGRAM, external_id=str(chat.user_id))
    assert identity.contact == contact
    assert Dialogue.objects.get(telegram_user_id=chat.user_id).contact == contact


def test_a_new_email_gets_a_new_verified_contact(chat):
    chat.send("/start")
    chat.send("new.person@example.org")
    chat.send(_mailed_code())

    identity = Identity.objects.select_related("contact").get(kind=IdentityKind.TELEGRAM)
    assert identity.contact.email == "new.person@example.org"
    assert identity.contact.verified
    assert identity.contact.name == "Ольга"


def test_only_a_hash_of_the_code_is_stored(chat):
    chat.send("/start")
    chat.send("olga@romashka.example")
    code = _mailed_code()

    stored = LinkCode.objects.get()
    assert code not in stored.code_hash
    assert len(stored.code_hash) == 64
    assert stored.expires_at == stored.sent_at + timedelta(minutes=15)


def test_wrong_codes_are_refused_and_attempts_are_limited(chat):
    ContactFactory.create(email="olga@romashka.example")
    chat.send("/start")
    chat.send("olga@romashka.example")
    right = _mailed_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"

    chat.send(wrong)
    assert chat.new_replies()[-1] == "Неверный код. Осталось попыток: 4."
    for _ in range(4):
        chat.send(wrong)
    assert "Слишком много неверных попыток" in chat.new_replies()[-1]

    # The right code no longer works either: the user must ask for a new one.
    chat.send(right)
    assert not Identity.objects.filter(kind=IdentityKind.TELEGRAM).exists()
    assert Dialogue.objects.get().state == DialogueState.LINK_EMAIL


def test_an_expired_code_is_refused(chat):
    chat.send("/start")
    chat.send("olga@romashka.example")
    code = _mailed_code()

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        chat.send(code)

    assert "Срок действия кода истёк" in chat.new_replies()[-1]
    assert not Identity.objects.filter(kind=IdentityKind.TELEGRAM).exists()
    assert Dialogue.objects.get().state == DialogueState.LINK_EMAIL


def test_a_new_code_replaces_the_previous_one(chat, monkeypatch):
    # Two different codes for sure: the random source is pinned for this test only.
    drawn = iter([111111, 222222])
    monkeypatch.setattr(linking.secrets, "randbelow", lambda bound: next(drawn))
    chat.send("/start")
    chat.send("olga@romashka.example")
    first = _mailed_code()
    chat.send("olga@romashka.example")
    second = _mailed_code()
    assert (first, second) == ("111111", "222222")

    chat.send(first)
    assert chat.new_replies()[-1].startswith("Неверный код")
    chat.send(second)
    assert chat.new_replies()[-1].startswith("Готово")


def test_codes_per_hour_are_limited(chat):
    chat.send("/start")
    for _ in range(5):
        chat.send("olga@romashka.example")
    chat.send("olga@romashka.example")

    assert len(mail.outbox) == 5
    assert chat.new_replies()[-1] == "Запрошено слишком много кодов. Попробуйте снова через час."


def test_a_claimed_email_alone_links_nothing(chat):
    ContactFactory.create(email="olga@romashka.example")
    chat.send("/start")
    chat.send("olga@romashka.example")
    chat.send("/new")

    assert chat.new_replies()[-1] == "Сначала подтвердите адрес почты: отправьте /start."
    assert not Identity.objects.filter(kind=IdentityKind.TELEGRAM).exists()


def test_not_an_email_is_asked_again(chat):
    chat.send("/start")
    chat.send("моя почта")

    assert chat.new_replies()[-1].startswith("Это не похоже на адрес почты.")
    assert not mail.outbox


def test_linking_another_email_moves_the_telegram_identity(chat):
    old = ContactFactory.create(email="old@romashka.example")
    new = ContactFactory.create(email="new@romashka.example")
    Identity.objects.create(contact=old, kind=IdentityKind.TELEGRAM, external_id=str(chat.user_id))
    Dialogue.objects.create(telegram_user_id=chat.user_id, chat_id=chat.user_id, contact=old)

    chat.send("/email")
    chat.send("new@romashka.example")
    chat.send(_mailed_code())

    identity = Identity.objects.get(kind=IdentityKind.TELEGRAM, external_id=str(chat.user_id))
    assert identity.contact == new

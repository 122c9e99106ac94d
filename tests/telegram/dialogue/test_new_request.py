import pytest

from supportdesk.customers.models import Edition
from supportdesk.telegram.models import Dialogue, DialogueState
from supportdesk.tickets.models import AttachmentKind, Channel, Ticket
from tests.customers.factories import ContactFactory, OrganisationFactory
from tests.telegram.chat import FIXTURES
from tests.telegram.factories import LinkedDialogueFactory

pytestmark = pytest.mark.django_db

HAR = FIXTURES / "chrome_export_with_utf8_bom.har"


def _press(chat, label: str) -> None:
    data = dict(chat.buttons())[label]
    chat.press(data)


def test_new_request_with_a_har_file_opens_a_ticket_and_promises_an_answer_time(linked_chat):
    chat = linked_chat
    chat.send("/new")
    assert chat.new_replies() == [
        "Опишите проблему: что произошло и что вы ожидали? (/cancel — отменить заявку)"
    ]
    chat.send("Диаграмма не сохраняется: после нажатия «Сохранить» ошибка 500")
    # The contact's organisation is on the cloud: no edition question.
    assert chat.new_replies() == [
        "Как воспроизвести проблему? Перечислите шаги, по одному на строку."
    ]
    chat.send("1. Открыть диаграмму\n2. Нажать «Сохранить»")
    chat.send("anna@romashka.example")
    chat.send("https://app.example.com/diagrams/42")
    chat.send("Chrome 131")
    assert "HAR-архив" in chat.new_replies()[-1]
    chat.send_document(HAR.read_bytes(), "save-error.har", mime_type="application/json")
    assert (
        chat.new_replies()[-1] == "Получил save-error.har. Пришлите ещё файлы или нажмите «Готово»."
    )
    _press(chat, "Готово")
    summary = chat.new_replies()[-1]
    assert summary.startswith("Проверьте заявку:")
    assert "Шаги: 1. Открыть диаграмму" in summary
    assert "Файлы: save-error.har" in summary
    assert chat.buttons() == [("Отправить", "wiz:send"), ("Отменить", "wiz:cancel")]

    _press(chat, "Отправить")

    ticket = Ticket.objects.get()
    created = chat.new_replies()[-1]
    assert created.startswith(f"Заявка #{ticket.number} создана. Мы ответим до ")
    assert "МСК" in created
    assert ticket.channel == Channel.TELEGRAM
    assert ticket.subject.startswith("Диаграмма не сохраняется")
    assert ticket.reproduction_steps == "1. Открыть диаграмму\n2. Нажать «Сохранить»"
    assert ticket.affected_user_email == "anna@romashka.example"
    assert ticket.diagram_link == "https://app.example.com/diagrams/42"
    assert ticket.browser_version == "Chrome 131"
    [attachment] = ticket.messages.get().attachments.all()
    assert attachment.kind == AttachmentKind.HAR
    assert attachment.size == HAR.stat().st_size
    dialogue = Dialogue.objects.get(telegram_user_id=chat.user_id)
    assert dialogue.state == DialogueState.IDLE
    assert dialogue.active_ticket == ticket
    assert dialogue.draft == {}


def test_every_checklist_item_can_be_skipped(linked_chat):
    chat = linked_chat
    chat.send("/new")
    chat.send("Не открывается")
    for _ in range(4):
        _press(chat, "Пропустить")
    chat.send("готово")
    chat.send("да")

    ticket = Ticket.objects.get()
    assert ticket.reproduction_steps == ""
    assert ticket.browser_version == ""
    assert not ticket.messages.get().attachments.exists()


def test_enterprise_is_asked_for_the_image_version_not_the_browser(chat):
    contact = ContactFactory.create(email="admin@bank.example", organisation=None)
    LinkedDialogueFactory.create(telegram_user_id=chat.user_id, contact=contact)

    chat.send("/new")
    chat.send("После обновления не запускается контейнер")
    assert chat.new_replies()[-1] == "Какой редакцией вы пользуетесь?"
    _press(chat, "Enterprise (на своих серверах)")
    chat.send("/skip")
    chat.send("/skip")
    chat.send("/skip")
    assert chat.new_replies()[-1].startswith("Версия (тег) образа контейнера")
    chat.send("5.2.1")
    assert "лог контейнера" in chat.new_replies()[-1]
    _press(chat, "Готово")
    _press(chat, "Отправить")

    ticket = Ticket.objects.get()
    assert ticket.image_version == "5.2.1"
    assert "Редакция: Enterprise (на своих серверах)" in ticket.messages.get().body_text


def test_edition_typed_as_text_is_understood(chat):
    contact = ContactFactory.create(organisation=None)
    LinkedDialogueFactory.create(telegram_user_id=chat.user_id, contact=contact)
    chat.send("/new")
    chat.send("Ошибка")
    chat.send("облако")

    dialogue = Dialogue.objects.get(telegram_user_id=chat.user_id)
    assert dialogue.draft["edition"] == Edition.CLOUD
    assert dialogue.state == DialogueState.NEW_STEPS


def test_invalid_answers_are_asked_again(linked_chat):
    chat = linked_chat
    chat.send("/new")
    chat.send("Ошибка")
    chat.send("/skip")
    chat.send("не почта")
    assert chat.new_replies()[-1].startswith("Это не похоже на адрес почты.")
    chat.send("/skip")
    chat.send("диаграмма номер 5")
    assert chat.new_replies()[-1].startswith("Это не похоже на ссылку")
    assert Dialogue.objects.get().state == DialogueState.NEW_DIAGRAM


def test_a_file_over_telegrams_limit_is_explained_and_not_kept(linked_chat):
    chat = linked_chat
    chat.send("/new")
    chat.send("Ошибка")
    for _ in range(3):
        chat.send("/skip")
    chat.send_document(b"x" * 100, "container.log", size=25 * 1024 * 1024)

    explained = chat.new_replies()[-1]
    assert explained.startswith("Размер container.log — 25,0\xa0МБ")
    assert "до 20 МБ" in explained
    assert Dialogue.objects.get().draft["files"] == []


def test_the_request_can_be_cancelled(linked_chat):
    chat = linked_chat
    chat.send("/new")
    chat.send("Ошибка")
    chat.send("/cancel")

    assert chat.new_replies()[-1] == "Отменено. /new — создать новую заявку."
    assert not Ticket.objects.exists()
    assert Dialogue.objects.get().state == DialogueState.IDLE


def test_a_caption_on_the_first_file_is_the_description(linked_chat):
    chat = linked_chat
    chat.send("/new")
    chat.send_document(HAR.read_bytes(), "error.har", caption="Ошибка при сохранении")

    dialogue = Dialogue.objects.get()
    assert dialogue.draft["description"] == "Ошибка при сохранении"
    assert [f["name"] for f in dialogue.draft["files"]] == ["error.har"]
    assert dialogue.state == DialogueState.NEW_STEPS


def test_english_speakers_are_led_in_english(english_chat):
    contact = ContactFactory.create(organisation=OrganisationFactory(edition=Edition.CLOUD))
    LinkedDialogueFactory.create(telegram_user_id=english_chat.user_id, contact=contact)
    english_chat.send("/new")
    english_chat.send("Export fails")

    assert (
        english_chat.new_replies()[-1] == "How can we reproduce it? List the steps, one per line."
    )
    assert english_chat.buttons() == [("Skip", "wiz:skip")]

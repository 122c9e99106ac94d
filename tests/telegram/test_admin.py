import pytest

from supportdesk.telegram.actions.updates import do_record_update
from supportdesk.telegram.models import TelegramUpdate, UpdateState
from tests.telegram.chat import fixture_update, next_update_id

pytestmark = pytest.mark.django_db


def _failed_update() -> TelegramUpdate:
    raw = fixture_update("tg_message_with_sticker.json")
    raw["update_id"] = next_update_id()
    stored = do_record_update(raw)
    assert stored is not None
    TelegramUpdate.objects.filter(pk=stored.pk).update(state=UpdateState.FAILED, attempts=5)
    return stored


def test_updates_are_listed_with_what_the_bot_made_of_them(admin_client):
    stored = _failed_update()

    page = admin_client.get("/admin/telegram/telegramupdate/").text

    assert str(stored.update_id) in page
    assert "Обновления Telegram" in page


def test_failed_updates_can_be_processed_again_from_the_admin(
    admin_client, bot_server, django_capture_on_commit_callbacks
):
    stored = _failed_update()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/telegram/telegramupdate/",
            {"action": "process_again", "_selected_action": [stored.pk]},
            follow=True,
        )

    assert "Обновлений поставлено в очередь заново: 1." in response.text
    stored.refresh_from_db()
    assert stored.state == UpdateState.PROCESSED
    assert stored.outcome == "unsupported: sticker"

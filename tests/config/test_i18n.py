import shutil
import subprocess
from pathlib import Path

import django
import pytest

import supportdesk

PACKAGE = Path(supportdesk.__file__).parent
# The project catalogue plus any app's own (apps may keep their strings beside them).
CATALOGUES = sorted(PACKAGE.glob("**/locale/ru/LC_MESSAGES/*.po"))


def test_there_is_a_russian_catalogue():
    assert PACKAGE / "locale/ru/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalogue_is_fully_translated_and_compiled(tmp_path, po):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to check the catalogue"
    compiled = tmp_path / po.with_suffix(".mo").name
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check-format", "--statistics", "-o", str(compiled), str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), "run compilemessages"


def test_the_admin_scripts_speak_russian_too():
    """The admin's scripts (the time zone note under date-and-time fields, the calendar) take
    their texts from Django's Russian script catalogue, which leaves some out; the desk's own
    catalogue, read first, fills every gap."""
    django_ru = Path(django.__file__).parent / "contrib/admin/locale/ru/LC_MESSAGES/djangojs.po"
    ours = PACKAGE / "locale/ru/LC_MESSAGES/djangojs.po"
    merged = subprocess.run(  # noqa: S603
        ["msgcat", "--use-first", str(ours), str(django_ru)],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-wrap"],  # noqa: S607
        input=merged,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "msgid" not in untranslated, untranslated


@pytest.mark.django_db
def test_admin_speaks_russian_by_default_and_english_on_request(admin_client):
    assert "Заявки" in admin_client.get("/admin/").text
    page = admin_client.get("/admin/", headers={"Accept-Language": "en"})
    assert "Tickets" in page.text
    assert "Заявки" not in page.text

import shutil
import subprocess
from pathlib import Path

import pytest

import supportdesk

PACKAGE = Path(supportdesk.__file__).parent
# The project catalogue plus any app's own (apps may keep their strings beside them).
CATALOGUES = sorted(PACKAGE.glob("**/locale/ru/LC_MESSAGES/django.po"))


def test_there_is_a_russian_catalogue():
    assert PACKAGE / "locale/ru/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalogue_is_fully_translated_and_compiled(tmp_path, po):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to check the catalogue"
    compiled = tmp_path / "django.mo"
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check-format", "--statistics", "-o", str(compiled), str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), "run compilemessages"


@pytest.mark.django_db
def test_admin_speaks_russian_by_default_and_english_on_request(admin_client):
    assert "Заявки" in admin_client.get("/admin/").text
    page = admin_client.get("/admin/", headers={"Accept-Language": "en"})
    assert "Tickets" in page.text
    assert "Заявки" not in page.text

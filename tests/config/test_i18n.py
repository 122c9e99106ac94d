import shutil
import subprocess
from pathlib import Path

import pytest

import supportdesk

LOCALE = Path(supportdesk.__file__).parent / "locale"


@pytest.mark.parametrize("language", ["ru"])
def test_catalogue_is_fully_translated_and_compiled(tmp_path, language):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to check the catalogue"
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
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

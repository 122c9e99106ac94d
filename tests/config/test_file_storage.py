import pytest
from django.core.exceptions import ImproperlyConfigured

from supportdesk.config.file_storage import STATIC_FILES, file_storages

S3_VARIABLES = (
    "SUPPORTDESK_STORAGE",
    "SUPPORTDESK_S3_BUCKET",
    "SUPPORTDESK_S3_ENDPOINT_URL",
    "SUPPORTDESK_S3_REGION",
    "SUPPORTDESK_S3_PREFIX",
    "SUPPORTDESK_S3_ACCESS_KEY_ID",
    "SUPPORTDESK_S3_SECRET_ACCESS_KEY",
    "SUPPORTDESK_S3_ACL",
    "SUPPORTDESK_S3_ADDRESSING_STYLE",
)


@pytest.fixture(autouse=True)
def _no_storage_variables(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_attachments_are_files_under_media_root_by_default():
    assert file_storages() == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": STATIC_FILES,
    }


def test_s3_storage_keeps_objects_private_and_never_overwrites(monkeypatch):
    monkeypatch.setenv("SUPPORTDESK_STORAGE", "s3")
    monkeypatch.setenv("SUPPORTDESK_S3_BUCKET", "desk-files")
    monkeypatch.setenv("SUPPORTDESK_S3_ENDPOINT_URL", "https://storage.yandexcloud.net")
    monkeypatch.setenv("SUPPORTDESK_S3_REGION", "ru-central1")
    monkeypatch.setenv("SUPPORTDESK_S3_PREFIX", "/desk/")
    monkeypatch.setenv("SUPPORTDESK_S3_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("SUPPORTDESK_S3_SECRET_ACCESS_KEY", "secret")

    storages = file_storages()

    assert storages["staticfiles"] == STATIC_FILES
    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "desk-files",
        "endpoint_url": "https://storage.yandexcloud.net",
        "region_name": "ru-central1",
        "location": "desk",
        "default_acl": "private",
        "querystring_auth": True,
        "custom_domain": None,
        "file_overwrite": False,
        "addressing_style": None,
        "max_memory_size": 2 * 1024 * 1024,
        "access_key": "key",
        "secret_key": "secret",
    }


def test_without_keys_s3_credentials_are_left_to_boto3(monkeypatch):
    monkeypatch.setenv("SUPPORTDESK_STORAGE", "s3")
    monkeypatch.setenv("SUPPORTDESK_S3_BUCKET", "desk-files")
    monkeypatch.setenv("SUPPORTDESK_S3_ACL", "none")
    monkeypatch.setenv("SUPPORTDESK_S3_ADDRESSING_STYLE", "path")

    options = file_storages()["default"]["OPTIONS"]

    assert isinstance(options, dict)
    assert "access_key" not in options and "secret_key" not in options
    assert options["default_acl"] is None
    assert options["addressing_style"] == "path"
    assert options["endpoint_url"] is None


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"SUPPORTDESK_STORAGE": "ftp"}, "SUPPORTDESK_STORAGE"),
        ({"SUPPORTDESK_STORAGE": "s3"}, "SUPPORTDESK_S3_BUCKET"),
        ({"SUPPORTDESK_S3_ACL": "public-read"}, "SUPPORTDESK_S3_ACL"),
        ({"SUPPORTDESK_S3_ADDRESSING_STYLE": "dns"}, "SUPPORTDESK_S3_ADDRESSING_STYLE"),
        ({"SUPPORTDESK_S3_ACCESS_KEY_ID": "key"}, "SUPPORTDESK_S3_SECRET_ACCESS_KEY"),
    ],
)
def test_a_storage_setting_that_cannot_work_stops_start_up(monkeypatch, variables, named):
    monkeypatch.setenv("SUPPORTDESK_STORAGE", "s3")
    monkeypatch.setenv("SUPPORTDESK_S3_BUCKET", "desk-files")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    if named == "SUPPORTDESK_S3_BUCKET":
        monkeypatch.delenv("SUPPORTDESK_S3_BUCKET")

    with pytest.raises(ImproperlyConfigured, match=named):
        file_storages()

"""Where attachment files live: a directory every node shares, or S3-compatible object storage.

Every download streams through the desk's views, after their access checks, so no storage here
hands out a public URL: objects are private, and the signed URLs the S3 backend could make are
never used.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from supportdesk.config import env

StorageConfig = dict[str, object]

STATIC_FILES: StorageConfig = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Canned ACLs that keep an object to its owner. "none" sends no ACL at all: a bucket with ACLs
# disabled (AWS's default for new buckets) refuses a PUT that names any other than the second.
PRIVATE_ACLS: dict[str, str | None] = {
    "private": "private",
    "bucket-owner-full-control": "bucket-owner-full-control",
    "none": None,
}
ADDRESSING_STYLES = ("auto", "path", "virtual")
# Reading an object (a download, an analysis, a backup) fetches it whole into a temporary file;
# past this size that file is on disk rather than in the process's memory.
S3_MEMORY_BYTES = 2 * 1024 * 1024


def file_storages() -> dict[str, StorageConfig]:
    """The STORAGES setting, from SUPPORTDESK_STORAGE (`filesystem` or `s3`)."""
    kind = env.env_str("SUPPORTDESK_STORAGE", "filesystem")
    if kind == "filesystem":
        # MEDIA_ROOT, read when the storage is first used (the test settings move it).
        default: StorageConfig = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    elif kind == "s3":
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options()}
    else:
        raise ImproperlyConfigured(
            f"Environment variable SUPPORTDESK_STORAGE must be filesystem or s3, got {kind!r}"
        )
    return {"default": default, "staticfiles": STATIC_FILES}


def s3_options() -> StorageConfig:
    acl = _one_of("SUPPORTDESK_S3_ACL", "private", tuple(PRIVATE_ACLS))
    style = _one_of("SUPPORTDESK_S3_ADDRESSING_STYLE", "auto", ADDRESSING_STYLES)
    options: StorageConfig = {
        "bucket_name": env.env_str("SUPPORTDESK_S3_BUCKET"),
        "endpoint_url": env.env_str("SUPPORTDESK_S3_ENDPOINT_URL", "") or None,
        "region_name": env.env_str("SUPPORTDESK_S3_REGION", "") or None,
        "location": env.env_str("SUPPORTDESK_S3_PREFIX", "").strip("/"),
        "default_acl": PRIVATE_ACLS[acl],
        "querystring_auth": True,
        "custom_domain": None,
        # Attachments are content-addressed: an existing name is kept, never written over.
        "file_overwrite": False,
        "addressing_style": None if style == "auto" else style,
        "max_memory_size": S3_MEMORY_BYTES,
    }
    access_key = env.env_str("SUPPORTDESK_S3_ACCESS_KEY_ID", "")
    secret_key = env.env_str("SUPPORTDESK_S3_SECRET_ACCESS_KEY", "")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both SUPPORTDESK_S3_ACCESS_KEY_ID and SUPPORTDESK_S3_SECRET_ACCESS_KEY, or "
            "neither (then boto3 finds credentials itself: AWS_* variables, an instance role)"
        )
    if access_key:
        options |= {"access_key": access_key, "secret_key": secret_key}
    return options


def _one_of(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.env_str(name, default)
    if value not in allowed:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be one of {', '.join(allowed)}, got {value!r}"
        )
    return value

"""A forked process (an analysis task, a mail-intake worker) connects to attachment storage anew.

boto3's connection pool is not fork-safe: a child that kept its parent's pooled sockets could
read another process's S3 answers. Django builds storages on first use, so forgetting the built
ones in the child is enough; a filesystem storage loses nothing by it.
"""

from __future__ import annotations

from django.core.files.storage import default_storage, storages
from django.utils.functional import empty


def forget_built_storages() -> None:
    # What Django's own setting_changed receiver for STORAGES resets (django.test.signals);
    # the stubs do not declare these private attributes.
    storages._storages = {}  # type: ignore[attr-defined]
    default_storage._wrapped = empty  # type: ignore[attr-defined]

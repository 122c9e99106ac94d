import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.s3_server import S3Bucket


# Other tests of a session may leave threads (a live server); the child here only talks to S3.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_process_talks_to_the_bucket_over_its_own_connection(
    s3_storage: S3Bucket,
) -> None:
    default_storage.save("before-fork.txt", ContentFile(b"parent"))
    parent_client = default_storage.connection.meta.client  # type: ignore[attr-defined]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, and leave without running pytest's teardown
        try:
            client = default_storage.connection.meta.client  # type: ignore[attr-defined]
            with default_storage.open("before-fork.txt") as stored:
                fresh = client is not parent_client and stored.read() == b"parent"
            os.write(writer, b"fresh" if fresh else b"shared")
        finally:
            os._exit(0)
    os.close(writer)
    os.waitpid(pid, 0)
    with os.fdopen(reader, "rb") as answer:
        assert answer.read() == b"fresh"

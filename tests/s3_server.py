"""A local S3 stand-in at the wire: moto's server as a real process, and buckets on it.

Plugged in by tests/conftest.py. The server starts once per session, at the first test that
asks for a bucket; each test gets a fresh bucket, and `s3_storage` points the desk's attachment
storage at one exactly as SUPPORTDESK_STORAGE=s3 does in production.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from django.test import override_settings

from supportdesk.config.file_storage import file_storages
from tests.ops.processes import free_port, wait_for

REGION = "us-east-1"
# moto accepts any key pair; the desk signs every request with this one.
ACCESS_KEY, SECRET_KEY = "supportdesk-test", "supportdesk-test-secret"


@dataclass(frozen=True)
class S3Bucket:
    endpoint_url: str
    name: str
    client: Any  # boto3's S3 client, typed only at run time

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=self.name, Key=key)["Body"].read())

    def environment(self, prefix: str = "") -> dict[str, str]:
        """The variables a desk process needs to keep its attachments in this bucket."""
        return {
            "SUPPORTDESK_STORAGE": "s3",
            "SUPPORTDESK_S3_BUCKET": self.name,
            "SUPPORTDESK_S3_ENDPOINT_URL": self.endpoint_url,
            "SUPPORTDESK_S3_REGION": REGION,
            "SUPPORTDESK_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "SUPPORTDESK_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "SUPPORTDESK_S3_PREFIX": prefix,
        }


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310 — our own loopback server
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer: it is up
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: server.poll() is not None or _answers(url), timeout=30, what="moto")
        assert server.poll() is None, "moto's server exited at start"
        yield url
    finally:
        server.kill()
        server.wait(timeout=10)


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> S3Bucket:
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    name = f"attachments-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return S3Bucket(endpoint_url=s3_endpoint, name=name, client=client)


@pytest.fixture
def s3_storage(s3_bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Bucket]:
    """The desk's attachment storage is the bucket, configured through the environment."""
    for name, value in s3_bucket.environment().items():
        monkeypatch.setenv(name, value)
    # Django's setting_changed handler drops the cached default_storage both ways.
    with override_settings(STORAGES=file_storages()):
        yield s3_bucket

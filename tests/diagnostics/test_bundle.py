import io
import tarfile
from pathlib import Path

import pytest

from supportdesk.diagnostics import BundleError, read_bundle
from tests.diagnostics.bundles import MANIFEST, write_bundle

LOGS = Path(__file__).parent / "fixtures" / "logs"


def test_manifest_and_every_container_log_are_read(tmp_path: Path) -> None:
    bundle = write_bundle(
        tmp_path / "b.tar.gz",
        {
            "docker/ps.txt": b"3f2a9c1b7d4e registry.acme.example/desk/app:2.14.1 acme-app-1\n",
            "logs/acme-app-1.log": (LOGS / "spring_boot_startup_java.log").read_bytes(),
            "logs/acme-db-1.log": (LOGS / "postgres_error_multiline_statement.log").read_bytes(),
        },
    )
    analysis = read_bundle(bundle)
    manifest = analysis.manifest
    assert manifest.format == "supportdesk-collect/1"
    assert manifest.hostname == "acme-prod-1"
    (container,) = manifest.containers
    assert container.image_version == "2.14.1"
    assert container.image_tags == ("registry.acme.example/desk/app:2.14.1",)
    assert container.restart_count == 2
    assert manifest.failed_commands == ("docker compose config",)
    assert manifest.redactions.names("env") == ("DB_PASSWORD", "SECRET_KEY")
    logs = dict(analysis.logs)
    assert logs["logs/acme-app-1.log"].app_version == "FarmApplication 3.0.7"
    assert len(logs["logs/acme-db-1.log"].error_groups) == 2
    assert analysis.to_dict()["manifest"]["containers"][0]["image_version"] == "2.14.1"


def test_a_binary_log_in_a_bundle_is_reported_not_fatal(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "b.tar.gz", {"logs/x.log": b"\x00\x01\x02"})
    analysis = read_bundle(bundle)
    assert analysis.logs == ()
    assert analysis.unreadable_logs == (
        ("logs/x.log", "not a text log: binary data (NUL bytes) in the first 8 KiB"),
    )


def test_streams_are_accepted(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "b.tar.gz", {})
    assert read_bundle(io.BytesIO(bundle.read_bytes()), analyze_logs=False).logs == ()


def tar_gz(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a .tar.gz"),
        (b"plain text, not gzip", "not a .tar.gz"),
        (tar_gz({}), "empty"),
        (tar_gz({"readme.txt": b"hi"}), "first member is 'readme.txt'"),
        (tar_gz({"x/manifest.json": b"{not json"}), "manifest.json is not JSON"),
        (tar_gz({"x/manifest.json": b'{"format": "other/1"}'}), "no supportdesk-collect format"),
        (tar_gz({"x/manifest.json": b'{"format": "supportdesk-collect/1"}'})[:60], "not a"),
    ],
)
def test_anything_else_raises_a_bundle_error(data: bytes, message: str) -> None:
    with pytest.raises(BundleError, match=message):
        read_bundle(io.BytesIO(data))


def test_manifest_fields_of_the_wrong_type_are_tolerated(tmp_path: Path) -> None:
    manifest = MANIFEST | {
        "containers": [{"name": 5, "image_tags": "x", "restart_count": "2"}],
        "host": [],
    }
    analysis = read_bundle(write_bundle(tmp_path / "b.tar.gz", {}, manifest))
    (container,) = analysis.manifest.containers
    assert (container.name, container.image_tags, container.restart_count) == ("5", (), None)
    assert analysis.manifest.hostname is None

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from supportdesk.diagnostics import SNIFF_BYTES, ContentKind, looks_like_har, sniff_content
from tests.diagnostics.bundles import write_bundle

FIXTURES = Path(__file__).parent / "fixtures"


def head(path: Path) -> bytes:
    return path.read_bytes()[:SNIFF_BYTES]


@pytest.mark.parametrize("path", sorted((FIXTURES / "har").glob("*.har")), ids=lambda p: p.name)
def test_every_corpus_har_is_a_har_whatever_its_name(path: Path) -> None:
    assert sniff_content(head(path), "attachment.bin") == ContentKind.HAR


@pytest.mark.parametrize("path", sorted((FIXTURES / "logs").glob("*.log")), ids=lambda p: p.name)
def test_every_corpus_log_is_a_container_log_whatever_its_name(path: Path) -> None:
    assert sniff_content(head(path), "message.txt") == ContentKind.CONTAINER_LOG


def test_text_that_is_not_a_log_is_text_even_when_named_log() -> None:
    assert sniff_content(head(FIXTURES / "user_agents.txt"), "trace.log") == ContentKind.TEXT
    assert sniff_content(head(FIXTURES / "SOURCES.md")) == ContentKind.TEXT
    assert (
        sniff_content("Здравствуйте!\nНе открывается диаграмма.\n".encode(), "x.log")
        == ContentKind.TEXT
    )


def test_a_har_named_like_a_log_and_a_log_named_like_a_har_are_told_apart() -> None:
    assert (
        sniff_content(head(FIXTURES / "har" / "cnn_firebug_firefox.har"), "server.log")
        == ContentKind.HAR
    )
    log = head(FIXTURES / "logs" / "spring_boot_startup_java.log")
    assert sniff_content(log, "network.har") == ContentKind.CONTAINER_LOG


def test_json_that_is_not_a_har_is_not_a_har() -> None:
    assert sniff_content(b'{"name": "pkg", "version": "1.0.0"}') == ContentKind.TEXT
    assert sniff_content(b'{"log": "just a string", "entries": []}') == ContentKind.TEXT


def test_a_single_log_line_counts_only_in_a_file_named_log() -> None:
    line = b"2024-05-01T10:00:00Z ERROR boom\n"
    assert sniff_content(line, "app.log") == ContentKind.CONTAINER_LOG
    assert sniff_content(line, "note.txt") == ContentKind.TEXT


def test_compressed_logs_hars_and_bundles_are_looked_into(tmp_path: Path) -> None:
    log = gzip.compress((FIXTURES / "logs" / "nginx_error_fastcgi_multiline.log").read_bytes())
    assert sniff_content(log, "error.log.gz") == ContentKind.CONTAINER_LOG
    har = gzip.compress((FIXTURES / "har" / "chrome_export_with_utf8_bom.har").read_bytes())
    assert sniff_content(har) == ContentKind.HAR
    bundle = write_bundle(tmp_path / "b.tar.gz", {"logs/a.log": b"x\n"})
    assert sniff_content(head(bundle), "whatever.zip") == ContentKind.COLLECTOR_BUNDLE


def test_other_archives_images_and_binary_data() -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        info = tarfile.TarInfo("readme.txt")
        archive.addfile(info, io.BytesIO(b""))
    assert sniff_content(out.getvalue()) == ContentKind.ARCHIVE
    assert sniff_content(b"PK\x03\x04rest") == ContentKind.ARCHIVE
    assert sniff_content(b"\x89PNG\r\n\x1a\n\x00\x00") == ContentKind.IMAGE
    assert sniff_content(bytes(range(256)) * 4) == ContentKind.BINARY
    assert sniff_content(b"\x1f\x8b\x08garbage") == ContentKind.BINARY
    assert sniff_content(b"") == ContentKind.EMPTY
    assert sniff_content(b"  \n") == ContentKind.EMPTY


def _every_sample() -> list[bytes]:
    files = [p for p in sorted(FIXTURES.rglob("*")) if p.is_file()]
    samples = [head(p) for p in files]
    samples += [gzip.compress(p.read_bytes()) for p in files if p.suffix in (".har", ".log")]
    samples += [b"", b"{}", b'{"log": {"note": 1}}', b"\xef\xbb\xbf" + head(files[0])]
    return samples


def test_looks_like_har_says_what_sniff_content_says_of_hars() -> None:
    samples = _every_sample()
    hars = [s for s in samples if sniff_content(s) == ContentKind.HAR]
    assert len(hars) >= 10  # plain, with a BOM and gzipped corpus HARs
    for sample in samples:
        assert looks_like_har(sample) == (sniff_content(sample) == ContentKind.HAR)

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.diagnostics import HarError
from supportdesk.diagnostics._har_events import Entry, LogMember, RootMember
from supportdesk.diagnostics._har_reader import iter_har_events

HAR_DIR = Path(__file__).parent / "fixtures" / "har"
CORPUS = sorted(HAR_DIR.glob("*.har"))


class TrickleStream(io.RawIOBase):
    """A stream that hands out at most ``step`` bytes per read (chunk-boundary torture)."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._pos = 0
        self._step = step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self._step if size < 0 else min(size, self._step)
        chunk = self._data[self._pos : self._pos + size]
        self._pos += len(chunk)
        return chunk


def rebuild(stream: Any) -> dict[str, Any]:
    """The document as the events describe it."""
    root: dict[str, Any] = {}
    log: dict[str, Any] = {}
    for event in iter_har_events(stream):
        if isinstance(event, RootMember):
            root[event.key] = event.value
        elif isinstance(event, LogMember):
            log[event.key] = event.value
        elif isinstance(event, Entry):
            log.setdefault("entries", []).append(event.value)
            root["log"] = log
        root.setdefault("log", log)
    log.setdefault("entries", [])
    return root


def load(path: Path) -> Any:
    return json.loads(path.read_bytes().decode("utf-8-sig"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_reader_yields_exactly_what_json_decodes_for_every_corpus_export(path: Path) -> None:
    with path.open("rb") as stream:
        assert rebuild(stream) == load(path)


@pytest.mark.parametrize("step", [1, 7, 4096])
def test_reader_is_independent_of_how_the_bytes_arrive(step: int) -> None:
    data = (HAR_DIR / "chrome_export_with_utf8_bom.har").read_bytes()
    assert rebuild(TrickleStream(data, step)) == json.loads(data.decode("utf-8-sig"))


def test_reader_keeps_file_order_when_pages_follow_entries_as_firebug_writes_them() -> None:
    with (HAR_DIR / "cnn_firebug_firefox.har").open("rb") as stream:
        keys = [
            e.key if isinstance(e, LogMember) else type(e).__name__ for e in iter_har_events(stream)
        ]
    assert keys.index("EntriesEnd") < keys.index("pages")
    assert keys[1] == "creator"


def test_entry_sizes_add_up_to_the_entries_array() -> None:
    data = (HAR_DIR / "chrome_har_503_errors_large.har").read_bytes()
    sizes = [e.size for e in iter_har_events(io.BytesIO(data)) if isinstance(e, Entry)]
    assert len(sizes) == 270
    assert sum(sizes) < len(data)
    assert min(sizes) > 100


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b'{"log": {"version": "1.2", "entries": [{"request": {}}, {"requ', "truncated"),
        (b'{"log": {"version": "1.2", "entries": [{"request": {}}', "truncated"),
        (b'{"log": {"version": "1.2", "entr', "truncated"),
        (b'{"log": {"version": "1.2"}}', "not a HAR file: no log.entries"),
        (b'{"name": "package.json", "version": "1.0.0"}', "not a HAR file: no log object"),
        (b"[1, 2, 3]", "JSON array"),
        (b'"log"', "single JSON value"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not JSON (starts with byte 0x89)"),
        (b"<!DOCTYPE html><html>", "not JSON"),
        ("{}".encode("utf-16"), "no log object"),  # UTF-16 is read as such
        (b"\xff\xfe{\x00\x00\xd8", "invalid UTF-16"),
        (b'{"log": {"entries": {"a": 1}}}', "log.entries is not an array"),
        (b'{"log": []}', "log is not an object"),
        (b'{"log": {"entries": [1, 2]}}', "log.entries[0] is not an object"),
        (b'{"log": {"entries": [{"a": tru}]}}', "invalid JSON in log.entries[0]"),
        (b'{"log": {"entries": [{"a": 1} {"b": 2}]}}', "expected ',' or ']'"),
        (b'{"log" {"entries": []}}', "expected ':'"),
        (b'{"log": {"entries": []}} trailing', "unexpected content after the document"),
        (b'{"log": {"entries": [{"a": "\xff\xfe"}]}}', "log.entries[0]"),
    ],
)
def test_bad_input_raises_a_har_error_naming_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(HarError, match=re.escape(message)):
        list(iter_har_events(io.BytesIO(data)))


def test_truncated_corpus_file_is_reported_as_truncated() -> None:
    data = (HAR_DIR / "cnn_chrome_har_capturer_large.har").read_bytes()
    with pytest.raises(HarError, match="truncated"):
        list(iter_har_events(io.BytesIO(data[: len(data) // 2])))


def test_lone_surrogates_and_huge_numbers_that_orjson_refuses_are_still_read() -> None:
    data = b'{"log": {"entries": [{"text": "\\ud83d broken emoji", "n": 1e400}, {"ok": 1}]}}'
    entries = [e.value for e in iter_har_events(io.BytesIO(data)) if isinstance(e, Entry)]
    assert entries[0]["text"].startswith("\ud83d")
    assert entries[1] == {"ok": 1}


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
entries = st.lists(
    st.fixed_dictionaries(
        {"startedDateTime": st.just("2024-01-01T00:00:00Z"), "request": json_values},
        optional={"response": json_values, "é": st.text(max_size=5)},
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=entries,
    pages=st.lists(st.dictionaries(st.text(max_size=5), json_scalars, max_size=3), max_size=2),
    indent=st.sampled_from([None, 1, 2, 4, "\t"]),
    pages_first=st.booleans(),
    bom=st.booleans(),
    step=st.integers(1, 64),
)
def test_any_well_formed_har_layout_reads_back_identically(
    entries: list[Any], pages: list[Any], indent: Any, pages_first: bool, bom: bool, step: int
) -> None:
    log: dict[str, Any] = {"version": "1.2"}
    if pages_first:
        log["pages"] = pages
    log["entries"] = entries
    if not pages_first:
        log["pages"] = pages
    document = {"log": log, "_extra": [1]}
    data = json.dumps(document, indent=indent, ensure_ascii=False).encode()
    if bom:
        data = b"\xef\xbb\xbf" + data
    assert rebuild(TrickleStream(data, step)) == document

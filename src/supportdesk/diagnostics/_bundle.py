"""Reading a diagnostics bundle made by the ``supportdesk-collect`` CLI.

Format ``supportdesk-collect/1``: a ``.tar.gz`` whose first member is ``<dir>/manifest.json``::

    {"format": "supportdesk-collect/1", "collector_version": "1.0.0",
     "created_at": "2026-11-26T09:00:00Z", "finished_at": "...", "mode": "docker"|"kubernetes",
     "host": {"hostname": ..., "platform": ..., "python": ...},
     "options": {"since": "24h", "containers": [...], "namespace": ..., "selector": ...},
     "tools": {"docker": {"client": "24.0.7", "server": "24.0.7"}},
     "containers": [{"id", "name", "image", "image_id", "image_tags": [...],
                     "image_digests": [...], "image_version_label", "state", "started_at",
                     "restart_count", "compose_project", "compose_service", "pod", "namespace",
                     "log_file": "logs/<name>.log", "log_lines"}],
     "commands": [{"argv": [...], "exit_code": 0, "started_at", "duration_ms", "output",
                   "error"}],
     "redactions": {"total": n, "by_kind": {"env": {"count": n, "names": [...]}, ...}},
     "errors": ["..."]}

followed by the files it names (``docker/*.json``, ``compose/*.yaml``, ``logs/*.log``...).
Secrets were already removed by the collector; logs are analysed again here.
"""

from __future__ import annotations

import contextlib
import os
import re
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson

from ._budget import AnalysisBudget
from ._errors import BundleError, DiagnosticsError
from ._log_analysis import LogAnalysis
from ._logs import analyze_log
from ._redaction import RedactionCount, RedactionReport

BUNDLE_FORMAT = "supportdesk-collect/1"
MAX_MANIFEST_BYTES = 4 << 20


@dataclass(frozen=True)
class BundleContainer:
    name: str
    image: str
    image_tags: tuple[str, ...]
    image_digests: tuple[str, ...]
    image_version_label: str | None
    state: str | None
    restart_count: int | None
    log_file: str | None

    @property
    def image_version(self) -> str:
        """The most telling version: the OCI version label, else the image reference."""
        return self.image_version_label or self.image

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "image": self.image,
            "image_tags": list(self.image_tags),
            "image_digests": list(self.image_digests),
            "image_version_label": self.image_version_label,
            "image_version": self.image_version,
            "state": self.state,
            "restart_count": self.restart_count,
            "log_file": self.log_file,
        }


@dataclass(frozen=True)
class BundleManifest:
    format: str
    collector_version: str | None
    created_at: datetime | None
    mode: str | None
    hostname: str | None
    containers: tuple[BundleContainer, ...]
    failed_commands: tuple[str, ...]
    errors: tuple[str, ...]
    redactions: RedactionReport
    raw: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "collector_version": self.collector_version,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "mode": self.mode,
            "hostname": self.hostname,
            "containers": [container.to_dict() for container in self.containers],
            "failed_commands": list(self.failed_commands),
            "errors": list(self.errors),
            "redactions": self.redactions.to_dict(),
        }


@dataclass(frozen=True)
class BundleAnalysis:
    """The bundle's manifest and an analysis of every container log in it."""

    manifest: BundleManifest
    logs: tuple[tuple[str, LogAnalysis], ...]
    unreadable_logs: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "manifest": self.manifest.to_dict(),
            "logs": {name: analysis.to_dict() for name, analysis in self.logs},
            "unreadable_logs": dict(self.unreadable_logs),
        }


def read_bundle(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    analyze_logs: bool = True,
    extra_patterns: Iterable[str | re.Pattern[str]] = (),
    budget: AnalysisBudget | None = None,
) -> BundleAnalysis:
    """Read a collector bundle in one streaming pass; raise :class:`BundleError` if it is not one.

    Each log is analysed within ``budget`` (see :func:`analyze_log`)."""
    manifest: BundleManifest | None = None
    logs: list[tuple[str, LogAnalysis]] = []
    unreadable: list[tuple[str, str]] = []
    with _open_tar(source) as archive:
        try:
            for member in archive:
                name = member.name
                if manifest is None:
                    if not member.isfile() or name.rsplit("/", 1)[-1] != "manifest.json":
                        raise BundleError(
                            f"not a collector bundle: first member is {name!r}, not manifest.json"
                        )
                    manifest = _manifest(_read_member(archive, member, MAX_MANIFEST_BYTES))
                    continue
                relative = name.split("/", 1)[1] if "/" in name else name
                if (
                    analyze_logs
                    and member.isfile()
                    and relative.startswith("logs/")
                    and name.endswith(".log")
                ):
                    stream = archive.extractfile(member)
                    if stream is None:
                        continue
                    try:
                        log = analyze_log(stream, extra_patterns=extra_patterns, budget=budget)
                        logs.append((relative, log))
                    except DiagnosticsError as exc:
                        unreadable.append((relative, str(exc)))
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BundleError(f"not a readable collector bundle: {exc}") from None
    if manifest is None:
        raise BundleError("not a collector bundle: the archive is empty")
    return BundleAnalysis(manifest, tuple(logs), tuple(unreadable))


@contextlib.contextmanager
def _open_tar(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[tarfile.TarFile]:
    with contextlib.ExitStack() as stack:
        stream = (
            stack.enter_context(Path(source).open("rb"))
            if isinstance(source, str | os.PathLike)
            else source
        )
        try:
            archive = stack.enter_context(tarfile.open(fileobj=stream, mode="r|gz"))
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BundleError(f"not a collector bundle: not a .tar.gz archive ({exc})") from None
        yield archive


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo, limit: int) -> bytes:
    if member.size > limit:
        raise BundleError(f"not a collector bundle: {member.name} is larger than {limit} bytes")
    stream = archive.extractfile(member)
    return stream.read() if stream is not None else b""


def _manifest(data: bytes) -> BundleManifest:
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise BundleError(
            f"not a collector bundle: manifest.json is not JSON ({exc.msg})"
        ) from None
    if not isinstance(raw, dict) or not str(raw.get("format", "")).startswith(
        "supportdesk-collect/"
    ):
        raise BundleError("not a collector bundle: manifest.json has no supportdesk-collect format")
    containers = tuple(
        _container(item) for item in _list(raw.get("containers")) if isinstance(item, dict)
    )
    failed = tuple(
        " ".join(str(part) for part in _list(command.get("argv")))
        for command in _list(raw.get("commands"))
        if isinstance(command, dict) and command.get("exit_code") not in (0, None)
    )
    host = raw["host"] if isinstance(raw.get("host"), dict) else {}
    return BundleManifest(
        format=str(raw["format"]),
        collector_version=_text(raw.get("collector_version")),
        created_at=_time(raw.get("created_at")),
        mode=_text(raw.get("mode")),
        hostname=_text(host.get("hostname")),
        containers=containers,
        failed_commands=failed,
        errors=tuple(str(error) for error in _list(raw.get("errors"))),
        redactions=_redactions(raw.get("redactions")),
        raw=raw,
    )


def _container(item: dict[str, Any]) -> BundleContainer:
    restarts = item.get("restart_count")
    return BundleContainer(
        name=str(item.get("name") or item.get("id") or ""),
        image=str(item.get("image") or ""),
        image_tags=tuple(str(tag) for tag in _list(item.get("image_tags"))),
        image_digests=tuple(str(digest) for digest in _list(item.get("image_digests"))),
        image_version_label=_text(item.get("image_version_label")),
        state=_text(item.get("state")),
        restart_count=restarts if isinstance(restarts, int) else None,
        log_file=_text(item.get("log_file")),
    )


def _redactions(value: Any) -> RedactionReport:
    by_kind = value.get("by_kind") if isinstance(value, dict) else None
    if not isinstance(by_kind, dict):
        return RedactionReport()
    return RedactionReport(
        tuple(
            RedactionCount(
                str(kind),
                int(item.get("count", 0)),
                tuple(str(n) for n in _list(item.get("names"))),
            )
            for kind, item in sorted(by_kind.items())
            if isinstance(item, dict) and isinstance(item.get("count", 0), int)
        )
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None

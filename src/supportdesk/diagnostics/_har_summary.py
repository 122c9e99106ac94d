"""What a HAR archive says about a fault: browser, pages, failures, slow requests, timing.

The builder sees one (already sanitised) entry at a time and keeps bounded state: the first
:data:`MAX_FAILED` failures, the :data:`MAX_SLOWEST` slowest requests, counters and a time span.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ._user_agent import BrowserInfo, parse_user_agent, product_name

MAX_FAILED = 100
# Kept URLs are cut here, not at MAX_URL_LENGTH, until build(): the secrets replaced there must be
# whole to be recognised (a value cut at the edge would otherwise leave its first characters).
_KEPT_URL_LENGTH = 8192
MAX_SLOWEST = 10
MAX_PAGES = 100
MAX_USER_AGENTS = 5
USER_AGENT_SCAN = 1000  # entries whose User-Agent is looked at
MAX_URL_LENGTH = 500


@dataclass(frozen=True)
class HarRequest:
    """One request as the summary reports it (URL already sanitised and shortened)."""

    method: str
    url: str
    status: int
    status_text: str
    error: str | None
    started: datetime | None
    time_ms: float | None
    transferred_bytes: int | None
    resource_type: str | None
    page: str | None

    @property
    def failed(self) -> bool:
        return is_failure(self.status, self.error)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "status_text": self.status_text,
            "error": self.error,
            "started": _iso(self.started),
            "time_ms": self.time_ms,
            "transferred_bytes": self.transferred_bytes,
            "resource_type": self.resource_type,
            "page": self.page,
        }


@dataclass(frozen=True)
class HarPage:
    id: str
    title: str
    started: datetime | None
    on_load_ms: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "started": _iso(self.started),
            "on_load_ms": self.on_load_ms,
        }


@dataclass(frozen=True)
class HarSummary:
    """The fault-relevant facts of a HAR archive."""

    har_version: str | None
    creator: str | None
    browser: BrowserInfo | None
    user_agents: tuple[str, ...]
    pages: tuple[HarPage, ...]
    page_count: int
    request_count: int
    failed_count: int
    failed_requests: tuple[HarRequest, ...]
    slowest_requests: tuple[HarRequest, ...]
    transferred_bytes: int
    started: datetime | None
    ended: datetime | None
    first_failure_at: datetime | None

    @property
    def duration_ms(self) -> float | None:
        if self.started is None or self.ended is None:
            return None
        return (self.ended - self.started).total_seconds() * 1000

    def to_dict(self) -> dict[str, Any]:
        return {
            "har_version": self.har_version,
            "creator": self.creator,
            "browser": self.browser.to_dict() if self.browser else None,
            "user_agents": list(self.user_agents),
            "pages": [page.to_dict() for page in self.pages],
            "page_count": self.page_count,
            "request_count": self.request_count,
            "failed_count": self.failed_count,
            "failed_requests": [request.to_dict() for request in self.failed_requests],
            "slowest_requests": [request.to_dict() for request in self.slowest_requests],
            "transferred_bytes": self.transferred_bytes,
            "started": _iso(self.started),
            "ended": _iso(self.ended),
            "duration_ms": self.duration_ms,
            "first_failure_at": _iso(self.first_failure_at),
        }


def is_failure(status: int, error: str | None) -> bool:
    """HTTP error, no response at all (status 0: aborted, blocked, offline) or a network error."""
    return status >= 400 or status <= 0 or bool(error)


class HarSummaryBuilder:
    """Accumulates a :class:`HarSummary` entry by entry."""

    def __init__(self) -> None:
        self._meta: dict[str, Any] = {}
        self._user_agents: dict[str, None] = {}
        self._count = 0
        self._failed: list[HarRequest] = []
        self._failed_count = 0
        self._slowest: list[tuple[float, int, HarRequest]] = []
        self._bytes = 0
        self._started: datetime | None = None
        self._ended: datetime | None = None
        self._first_failure: datetime | None = None

    def add_meta(self, key: str, value: Any) -> None:
        if key in {"version", "creator", "browser", "pages"}:
            self._meta[key] = value

    def add_entry(self, entry: dict[str, Any]) -> None:
        self._count += 1
        request = _dict(entry.get("request"))
        response = _dict(entry.get("response"))
        if self._count <= USER_AGENT_SCAN and len(self._user_agents) < MAX_USER_AGENTS:
            agent = _header(request.get("headers"), "user-agent")
            if agent:
                self._user_agents.setdefault(agent[:500], None)
        started = parse_timestamp(entry.get("startedDateTime"))
        time_ms = _number(entry.get("time"))
        if time_ms is not None and time_ms < 0:
            time_ms = None
        status = _int(response.get("status"))
        error = response.get("_error") or entry.get("_error")
        transferred = _transferred(response)
        self._bytes += transferred or 0
        if started is not None:
            end = started + timedelta(milliseconds=time_ms or 0)
            if self._started is None or started < self._started:
                self._started = started
            if self._ended is None or end > self._ended:
                self._ended = end
        record: HarRequest | None = None
        if is_failure(status, error):  # records are built only for what the summary keeps
            self._failed_count += 1
            if len(self._failed) < MAX_FAILED:
                record = _record(
                    entry, request, response, status, error, started, time_ms, transferred
                )
                self._failed.append(record)
            if started is not None and (
                self._first_failure is None or started < self._first_failure
            ):
                self._first_failure = started
        if time_ms is not None:
            key = (time_ms, -self._count)
            if len(self._slowest) < MAX_SLOWEST or key > self._slowest[0][:2]:
                record = record or _record(
                    entry, request, response, status, error, started, time_ms, transferred
                )
                item = (time_ms, -self._count, record)
                if len(self._slowest) < MAX_SLOWEST:
                    heapq.heappush(self._slowest, item)
                else:
                    heapq.heapreplace(self._slowest, item)

    def build(self, redact: Callable[[str], str] = str) -> HarSummary:
        """The summary; ``redact`` is applied to URLs and page titles before they are shortened."""
        pages_value = self._meta.get("pages")
        pages = (
            [_page(page, redact) for page in pages_value if isinstance(page, dict)]
            if isinstance(pages_value, list)
            else []
        )
        slowest = [
            _final(item[2], redact)
            for item in sorted(self._slowest, key=lambda item: item[:2], reverse=True)
        ]
        return HarSummary(
            har_version=_str_or_none(self._meta.get("version")),
            creator=_name_version(self._meta.get("creator")),
            browser=self._browser(),
            user_agents=tuple(self._user_agents),
            pages=tuple(pages[:MAX_PAGES]),
            page_count=len(pages),
            request_count=self._count,
            failed_count=self._failed_count,
            failed_requests=tuple(_final(record, redact) for record in self._failed),
            slowest_requests=tuple(slowest),
            transferred_bytes=self._bytes,
            started=self._started,
            ended=self._ended,
            first_failure_at=self._first_failure,
        )

    def _browser(self) -> BrowserInfo | None:
        declared = self._meta.get("browser")
        if (
            isinstance(declared, dict)
            and isinstance(declared.get("name"), str)
            and declared["name"]
        ):
            version = declared.get("version")
            name = declared["name"]
            os = None
            for agent in self._user_agents:
                parsed = parse_user_agent(agent)
                if parsed is not None:
                    os = parsed.os
                    break
            return BrowserInfo(
                name, str(version) if version else None, product_name(name), "har_browser", os
            )
        for agent in self._user_agents:
            parsed = parse_user_agent(agent)
            if parsed is not None:
                return parsed
        return None


def _record(
    entry: dict[str, Any],
    request: dict[str, Any],
    response: dict[str, Any],
    status: int,
    error: Any,
    started: datetime | None,
    time_ms: float | None,
    transferred: int | None,
) -> HarRequest:
    return HarRequest(
        method=str(request.get("method") or ""),
        url=_kept_url(str(request.get("url") or "")),
        status=status,
        status_text=str(response.get("statusText") or ""),
        error=str(error) if error else None,
        started=started,
        time_ms=time_ms,
        transferred_bytes=transferred,
        resource_type=_str_or_none(entry.get("_resourceType")),
        page=_str_or_none(entry.get("pageref")),
    )


def parse_timestamp(value: Any) -> datetime | None:
    """ISO 8601 timestamp from a HAR (``Z`` or offset; a missing offset is taken as UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def shorten_url(url: str) -> str:
    if url.startswith("data:"):
        kind = url[5:].split(",", 1)[0][:60]
        return f"data:{kind},… ({len(url)} characters)"
    if len(url) > MAX_URL_LENGTH:
        return url[: MAX_URL_LENGTH - 1] + "…"
    return url


def _kept_url(url: str) -> str:
    return shorten_url(url) if url.startswith("data:") else url[:_KEPT_URL_LENGTH]


def _final(record: HarRequest, redact: Callable[[str], str]) -> HarRequest:
    return replace(record, url=shorten_url(redact(record.url)))


def _page(page: dict[str, Any], redact: Callable[[str], str]) -> HarPage:
    timings = _dict(page.get("pageTimings"))
    on_load = _number(timings.get("onLoad"))
    return HarPage(
        id=str(page.get("id") or ""),
        title=shorten_url(redact(str(page.get("title") or ""))),
        started=parse_timestamp(page.get("startedDateTime")),
        on_load_ms=on_load if on_load is not None and on_load >= 0 else None,
    )


def _transferred(response: dict[str, Any]) -> int | None:
    transfer = response.get("_transferSize")
    if isinstance(transfer, int | float) and transfer >= 0:
        return int(transfer)
    sizes = [response.get("headersSize"), response.get("bodySize")]
    known = [int(size) for size in sizes if isinstance(size, int | float) and size >= 0]
    return sum(known) if known else None


def _header(headers: Any, wanted: str) -> str | None:
    if isinstance(headers, list):
        for header in headers:
            if isinstance(header, dict) and str(header.get("name", "")).lower() == wanted:
                value = header.get("value")
                return value if isinstance(value, str) else None
    return None


def _name_version(value: Any) -> str | None:
    if not isinstance(value, dict) or not value.get("name"):
        return None
    version = value.get("version")
    return f"{value['name']} {version}" if version else str(value["name"])


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return 0


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None

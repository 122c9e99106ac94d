"""The structure of a HAR document as :func:`iter_har_events` reports it, in file order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RootMember:
    """A member of the root object other than ``log`` (rare; kept as is)."""

    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class LogMember:
    """A member of ``log`` other than ``entries`` (version, creator, browser, pages, comment)."""

    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class Entry:
    """One decoded item of ``log.entries`` and the exact bytes it was decoded from."""

    index: int
    value: dict[str, Any]
    raw: bytes

    @property
    def size(self) -> int:
        return len(self.raw)


class LogBegin:
    """``"log": {`` was read."""


class LogEnd:
    """The ``log`` object was closed."""


class EntriesBegin:
    """``"entries": [`` was read."""


class EntriesEnd:
    """The ``entries`` array was closed."""


HarEvent = RootMember | LogMember | Entry | LogBegin | LogEnd | EntriesBegin | EntriesEnd

LOG_BEGIN = LogBegin()
LOG_END = LogEnd()
ENTRIES_BEGIN = EntriesBegin()
ENTRIES_END = EntriesEnd()

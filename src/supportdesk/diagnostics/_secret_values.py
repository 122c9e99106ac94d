"""A secret seen in one place is a secret everywhere: collect values, then replace each occurrence.

The first pass of a sanitiser records every value it removed (cookie, token, password...) in a
:class:`SecretValues`; the second pass replaces every later occurrence of those values with one
Aho-Corasick automaton (linear in the text, whatever the number of values). Replacements are
tallied as ``repeated_<kind>`` under the name the value was first seen with (a cookie name, a
parameter name), never the value itself.

Values shorter than :data:`MIN_SECRET_LENGTH` are ignored ("true", "1" and "none" are not
secrets worth replacing everywhere). The set is bounded (:data:`MAX_VALUES`,
:data:`MAX_TOTAL_CHARS`): past that a value is still removed where it was found but not searched
for elsewhere, and :attr:`SecretValues.capped` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO
from urllib.parse import quote, unquote_plus

import ahocorasick
import orjson

from ._redaction import REDACTED, RedactionTally

MIN_SECRET_LENGTH = 6
MAX_VALUE_LENGTH = 2048
MAX_VALUES = 10_000
MAX_TOTAL_CHARS = 1 << 20
_CHUNK = 1 << 18  # a chunk is held about five times over (bytes, text, parts, output)
REPEATED_PREFIX = "repeated_"


class SecretValues:
    """The removed values, each with the kind and name it was first removed as."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[str, str]] = {}
        self._chars = 0
        self.capped = False

    def __len__(self) -> int:
        return len(self._values)

    def add(self, kind: str, name: str, value: object) -> None:
        """Record ``value`` and its URL-decoded and URL-encoded forms (a cookie's value comes
        back percent-encoded in a tracking pixel's query string, and the other way round)."""
        if not isinstance(value, str):
            return
        value = value.strip()
        if len(value) < MIN_SECRET_LENGTH or REDACTED in value or value in self._values:
            return
        self._store(kind, name, value)
        for variant in (unquote_plus(value), quote(value, safe="")):
            if len(variant) >= MIN_SECRET_LENGTH and variant not in self._values:
                self._store(kind, name, variant)

    def _store(self, kind: str, name: str, value: str) -> None:
        if (
            len(value) > MAX_VALUE_LENGTH
            or len(self._values) >= MAX_VALUES
            or self._chars + len(value) > MAX_TOTAL_CHARS
        ):
            self.capped = True
            return
        self._values[value] = (kind, name[:100])
        self._chars += len(value)

    def add_many(self, kind: str, name: str, values: list[str]) -> None:
        for value in values:
            self.add(kind, name, value)

    def text_matcher(self, tally: RedactionTally) -> SecretMatcher | None:
        """Matches the values as they appear in plain text (log lines, summary fields)."""
        return SecretMatcher.build(
            ((value, origin) for value, origin in self._values.items()), tally
        )

    def utf8_matcher(self, tally: RedactionTally) -> SecretMatcher | None:
        """Matches the values in UTF-8 bytes read as Latin-1 (:meth:`SecretMatcher.copy_stream`)."""
        return SecretMatcher.build(
            (
                (value.encode("utf-8").decode("latin-1"), origin)
                for value, origin in self._values.items()
            ),
            tally,
        )

    def json_matcher(self, tally: RedactionTally) -> SecretMatcher | None:
        """Matches the values as JSON writes them inside a string (``/`` possibly as ``\\/``)."""

        def needles() -> list[tuple[str, tuple[str, str]]]:
            found = []
            for value, origin in self._values.items():
                encoded = orjson.dumps(value)[1:-1].decode("latin-1")
                found.append((encoded, origin))
                if "/" in encoded:
                    found.append((encoded.replace("/", "\\/"), origin))
            return found

        return SecretMatcher.build(needles(), tally)


class SecretMatcher:
    """Replaces every occurrence of the needles (leftmost-longest, non-overlapping)."""

    def __init__(self, automaton: ahocorasick.Automaton, longest: int, tally: RedactionTally):
        self._automaton = automaton
        self._longest = longest
        self._tally = tally

    @classmethod
    def build(
        cls, needles: Iterable[tuple[str, tuple[str, str]]], tally: RedactionTally
    ) -> SecretMatcher | None:
        automaton = ahocorasick.Automaton()
        longest = 0
        for needle, (kind, name) in needles:
            if len(needle) >= MIN_SECRET_LENGTH and needle not in automaton:
                automaton.add_word(needle, (len(needle), kind, name))
                longest = max(longest, len(needle))
        if not longest:
            return None
        automaton.make_automaton()
        return cls(automaton, longest, tally)

    def sub(self, text: str) -> str:
        if len(text) < MIN_SECRET_LENGTH:
            return text
        replaced, _ = self._sub(text, len(text))
        return replaced

    def _sub(self, text: str, limit: int) -> tuple[str, int]:
        """Replace the matches that start before ``limit``; return the text up to where it is
        final (``limit``, or the end of the last match) and that position."""
        parts: list[str] = []
        position = 0
        # All matches, then leftmost-longest by hand: measured a quarter faster than iter_long,
        # and matches are few (sorting them costs nothing next to the scan).
        found = sorted(
            (end + 1 - length, -length, kind, name)
            for end, (length, kind, name) in self._automaton.iter(text)
        )
        for start, negative_length, kind, name in found:
            if start < position:
                continue  # inside the match just replaced
            if start >= limit:
                break
            end = start - negative_length - 1
            parts.append(text[position:start])
            parts.append(REDACTED)
            position = end + 1
            self._tally.add(REPEATED_PREFIX + kind, name)
        cut = max(limit, position)
        if not parts:
            return text[:cut], cut
        parts.append(text[position:cut])
        return "".join(parts), cut

    def copy_stream(self, source: IO[bytes], destination: IO[bytes]) -> None:
        """Copy ``source`` to ``destination`` replacing the needles, in bounded memory.

        Bytes are read as Latin-1 (one character per byte, any byte valid), so UTF-8 needles
        encoded the same way match byte for byte. A chunk keeps its last ``longest - 1``
        characters for the next one: no match can straddle a boundary unseen.
        """
        carry = ""
        keep = self._longest - 1
        while True:
            chunk = source.read(_CHUNK)
            text = carry + chunk.decode("latin-1")
            limit = len(text) if not chunk else max(0, len(text) - keep)
            done, cut = self._sub(text, limit)
            destination.write(done.encode("latin-1"))
            carry = text[cut:]
            if not chunk:
                return

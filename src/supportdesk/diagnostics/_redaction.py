"""Secret detection shared by the HAR sanitiser and the log analyser.

Values are replaced by :data:`REDACTED`; what was removed is tallied by kind and by *name*
(a cookie name, a header name, a parameter name), never by value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._secret_values import SecretValues

REDACTED = "[REDACTED]"

_MAX_NAMES_PER_KIND = 200

# base64url header "{"... . base64url payload "{"... . signature (may be empty for alg=none)
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
JWT_BYTES_RE = re.compile(JWT_RE.pattern.encode())
# scheme://user:password@host  (postgres://, amqp://, redis://, https://, mongodb+srv://, ...)
URL_CREDENTIALS_RE = re.compile(
    r"(?P<prefix>\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^:@/\s\"'<>]*:)(?P<secret>[^@/\s\"'<>]+)(?=@)"
)
AUTHORIZATION_RE = re.compile(
    r"(?P<prefix>\b(?i:(?:proxy-)?authorization)[\"']?\s*[:=]\s*[\"']?(?:[A-Za-z][A-Za-z0-9_-]*\s+)?)"
    r"(?P<secret>(?!\[REDACTED\])[^\s\"',;]+)"
)
BEARER_RE = re.compile(
    r"(?P<prefix>\b(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s+)(?P<secret>[A-Za-z0-9._~+/-]{8,}=*)"
)

# Candidate names in free text; :func:`is_sensitive_name` has the final word.
_CANDIDATE_WORDS = (
    r"pass|pwd|secret|token|key|credential|csrf|xsrf|signature|sess|sid|auth|otp|cookie"
)
_CANDIDATE_RE = re.compile(_CANDIDATE_WORDS)
_SENSITIVE_NAME_RE = re.compile(
    r"password|passwd|passphrase|secret|token|apikey|credential|csrf|xsrf|signature|"
    r"privatekey|accesskey|sessionid|session_id|sessid|sesskey|authorization"
    r"|(?:^|_)(?:pwd|pass|sig|sid|auth|otp)(?:$|_)|(?:^|_)(?:session|cookie)$|^key$"
    r"|(?:^|_)(?:api|access|secret|private|auth|signing|license|licence|master|encryption|client"
    r"|subscription|session)_?key$"
)
_NOT_SECRET_NAMES = frozenset(
    {
        "www_authenticate",
        "proxy_authenticate",
        "authentication_info",
        "token_type",
        "key_id",
        "kid",
    }
)

# key=value / key: value / "key": "value" where the key names a secret (for free text, logs).
_SECRET_ASSIGNMENT_RE = re.compile(
    r"""(?P<prefix>(?P<q>["']?)(?P<name>[A-Za-z0-9_.-]*(?i:"""
    + _CANDIDATE_WORDS
    + r""")[A-Za-z0-9_.-]*)(?P=q)\s*[=:]\s*)"""
    r"""(?!["']?(?:[A-Za-z-]+\s+)?\[REDACTED\])"""
    r"""(?P<secret>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"',;&}\])]+)"""
)


@lru_cache(maxsize=8192)
def is_sensitive_name(name: str) -> bool:
    """Whether a header, cookie-less parameter or JSON field name suggests a secret value."""
    normalised = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    if (
        not normalised
        or normalised in _NOT_SECRET_NAMES
        or normalised.startswith("access_control_")
    ):
        return False
    return _SENSITIVE_NAME_RE.search(normalised) is not None


def compile_patterns(patterns: Iterable[str | re.Pattern[str]]) -> tuple[re.Pattern[str], ...]:
    """Compile the configured extra secret patterns (whole match is replaced)."""
    return tuple(p if isinstance(p, re.Pattern) else re.compile(p) for p in patterns)


@dataclass(frozen=True)
class RedactionCount:
    """How many values of one kind were removed, and under which names."""

    kind: str
    count: int
    names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "names": list(self.names)}


@dataclass(frozen=True)
class RedactionReport:
    """What a sanitiser removed: counts per kind and the names, never the values."""

    items: tuple[RedactionCount, ...] = ()
    # the set of values searched for everywhere was full: some repeats may remain
    capped: bool = False

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)

    @property
    def repeated(self) -> int:
        """Values replaced where they recurred (``repeated_<kind>``) after being removed once."""
        return sum(item.count for item in self.items if item.kind.startswith("repeated_"))

    def count(self, kind: str) -> int:
        return next((item.count for item in self.items if item.kind == kind), 0)

    def names(self, kind: str) -> tuple[str, ...]:
        return next((item.names for item in self.items if item.kind == kind), ())

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "repeated": self.repeated,
            "capped": self.capped,
            "by_kind": {
                item.kind: {"count": item.count, "names": list(item.names)} for item in self.items
            },
        }


class RedactionTally:
    """Mutable counter filled while sanitising; :meth:`report` freezes it."""

    def __init__(self) -> None:
        self._total = 0
        self._counts: dict[str, int] = {}
        self._names: dict[str, dict[str, None]] = {}

    @property
    def total(self) -> int:
        """Values removed so far (cheap: lets a caller see whether a step removed anything)."""
        return self._total

    def add(self, kind: str, name: str | None = None, count: int = 1) -> None:
        self._total += count
        counts = self._counts
        counts[kind] = counts.get(kind, 0) + count
        if name:
            names = self._names.get(kind)
            if names is None:
                names = self._names[kind] = {}
            if name not in names and len(names) < _MAX_NAMES_PER_KIND:
                names[name[:100]] = None

    def add_names(self, kind: str, names: list[str]) -> None:
        """One value removed under each of ``names`` (a batch of :meth:`add` calls)."""
        self._total += len(names)
        self._counts[kind] = self._counts.get(kind, 0) + len(names)
        known = self._names.get(kind)
        if known is None:
            known = self._names[kind] = {}
        if len(known) < _MAX_NAMES_PER_KIND:
            for name in names:
                if name and name not in known and len(known) < _MAX_NAMES_PER_KIND:
                    known[name[:100]] = None

    def merge(self, report: RedactionReport) -> None:
        for item in report.items:
            self.add(item.kind, None, item.count)
            for name in item.names:
                self.add(item.kind, name, 0)

    def report(self, *, capped: bool = False) -> RedactionReport:
        return RedactionReport(
            tuple(
                RedactionCount(kind, count, tuple(sorted(self._names.get(kind, {}))))
                for kind, count in sorted(self._counts.items())
                if count
            ),
            capped,
        )


class TextRedactor:
    """Removes secrets from free text (log lines, body snippets, environment values).

    Kinds: ``url_credentials`` (``postgres://user:pass@host``), ``authorization``
    (``Authorization: <scheme> …``), ``bearer`` (``Bearer``/``Basic``
    credentials), ``jwt``, ``assignment`` (``password=…``, ``"api_key": "…"``; the name is
    reported) and ``pattern`` (the configured extra regular expressions). With ``secrets``, the
    values removed are recorded there, to be replaced wherever else they occur.
    """

    def __init__(
        self,
        tally: RedactionTally,
        patterns: Sequence[re.Pattern[str]] = (),
        secrets: SecretValues | None = None,
    ) -> None:
        self._tally = tally
        self._patterns = tuple(patterns)
        self._secrets = secrets

    def redact(self, text: str, *, where: str | None = None) -> str:
        if "://" in text:
            text = URL_CREDENTIALS_RE.sub(self._replace_url_credentials, text)
        if "uthorization" in text or "UTHORIZATION" in text:
            text = AUTHORIZATION_RE.sub(self._replace_authorization, text)
        if "earer" in text or "asic" in text or "EARER" in text or "ASIC" in text:
            text = BEARER_RE.sub(self._replace_bearer, text)
        if "eyJ" in text:
            text = self.redact_jwts(text, where=where)
        if ("=" in text or ":" in text) and _CANDIDATE_RE.search(text.lower()):
            text = _SECRET_ASSIGNMENT_RE.sub(self._replace_assignment, text)
        return self.redact_patterns(text, where=where)

    def redact_jwts(self, text: str, *, where: str | None = None) -> str:
        if "eyJ" not in text:
            return text
        replaced, count = JWT_RE.subn(REDACTED, text)
        if count:
            self._tally.add("jwt", where, count)
        return replaced

    def redact_patterns(self, text: str, *, where: str | None = None) -> str:
        for pattern in self._patterns:
            text, count = pattern.subn(REDACTED, text)
            if count:
                self._tally.add("pattern", where, count)
        return text

    @property
    def has_patterns(self) -> bool:
        return bool(self._patterns)

    def _replace_url_credentials(self, match: re.Match[str]) -> str:
        scheme = match.group("prefix").split("://", 1)[0].lower()
        self._tally.add("url_credentials", scheme)
        self._record("url_credentials", scheme, match.group("secret"))
        return match.group("prefix") + REDACTED

    def _replace_authorization(self, match: re.Match[str]) -> str:
        self._tally.add("authorization", "authorization")
        self._record("authorization", "authorization", match.group("secret"))
        return match.group("prefix") + REDACTED

    def _replace_bearer(self, match: re.Match[str]) -> str:
        if match.group("secret") == REDACTED.strip("[]"):
            return match.group(0)
        scheme = match.group("prefix").strip().lower()
        self._tally.add("bearer", scheme)
        self._record("bearer", scheme, match.group("secret"))
        return match.group("prefix") + REDACTED

    def _replace_assignment(self, match: re.Match[str]) -> str:
        name = match.group("name")
        if not is_sensitive_name(name):
            return match.group(0)
        secret = match.group("secret")
        self._tally.add("assignment", name)
        self._record("assignment", name, secret.strip("\"'"))
        if secret[:1] in {'"', "'"}:
            return f"{match.group('prefix')}{secret[0]}{REDACTED}{secret[0]}"
        return match.group("prefix") + REDACTED

    def _record(self, kind: str, name: str, value: str) -> None:
        if self._secrets is not None:
            self._secrets.add(kind, name, value)

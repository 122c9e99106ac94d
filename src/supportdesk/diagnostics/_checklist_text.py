"""Finding checklist items in the free text of a fault report (English and Russian)."""

from __future__ import annotations

import re

from ._user_agent import parse_user_agent

_LONGEST_LINK = 512
DEFAULT_DIAGRAM_URL_PATTERN = (
    r"https?://[^\s<>\"')\]]+/(?:diagrams?|d|boards?|schemes?|view)/[^\s<>\"')\]]+"
)

_BROWSER_RE = re.compile(
    r"\b(?P<name>chrome|chromium|firefox|safari|edge|opera|vivaldi|brave|yandex(?:[ .]?browser)?"
    r"|yabrowser|internet explorer|хром|гугл хром|фаерфокс|файрфокс|сафари|опера"
    r"|яндекс(?:[ .]?браузер)?)"
    r"[\s:/,]{0,3}(?:version|верси[яиюей]|v\.?)?\s?(?P<version>\d{1,4}(?:\.\d+){0,3})\b",
    re.IGNORECASE,
)
_USER_AGENT_RE = re.compile(r"Mozilla/5\.0 \([^)]{3,200}\)[^\n\"'<>]{0,300}")
_IMAGE_REF_RE = re.compile(
    r"(?<![\w@/.-])(?P<ref>(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{2,5})?/)+[a-z0-9][a-z0-9._-]*"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@sha256:[0-9a-f]{64}))(?![\w-])"
)
_VERSION_RE = re.compile(
    r"(?:\b(?:version|ver\.?|верси[яиюей]|релиз|release|build|сборк[аиуе])\s*:?\s*v?"
    r"(?P<worded>\d+\.\d+(?:\.\d+)*(?:[-+][\w.]+)?)\b)"
    r"|(?<![\w.])v(?P<prefixed>\d+\.\d+(?:\.\d+)*(?:[-+][\w.]+)?)\b",
    re.IGNORECASE,
)
# The look-behind names every character of the local part: a match starts only where a run
# of them starts, so a long run without "@" is scanned once, not once per character.
_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_NUMBERED_STEP_RE = re.compile(
    r"^\s*(?:\d{1,2}[.)]|шаг\s*\d+[.:)]?|step\s*\d+[.:)]?)\s+\S", re.IGNORECASE | re.MULTILINE
)
_STEPS_PHRASE_RE = re.compile(
    r"steps to reproduce|to reproduce|how to reproduce|reproduction steps|\bSTR\b"
    r"|шаги (?:для )?воспроизведения|шаги:|как воспроизвести|воспроизвест|воспроизвод|сценарий",
    re.IGNORECASE,
)
_DIAGRAM_WORD_RE = re.compile(r"\bdiagram|диаграмм|\bсхем", re.IGNORECASE)


def find_browser(text: str) -> str | None:
    """ "Chrome 120", "Яндекс Браузер 23.11" or a pasted User-Agent string."""
    for agent in _USER_AGENT_RE.finditer(text):
        browser = parse_user_agent(agent.group(0))
        if browser is not None and browser.version:
            return browser.label
    match = _BROWSER_RE.search(text)
    return f"{match.group('name')} {match.group('version')}" if match else None


def find_image_version(text: str) -> str | None:
    """An image reference with a tag or digest (``registry.example.com/app:1.2.3``) or a
    version ("version 1.2.3", "версия 2.14", "v3.0.7")."""
    for match in _IMAGE_REF_RE.finditer(text):
        tag = match.group("tag")
        if tag is None or any(ch.isdigit() for ch in tag):  # "latest" says nothing
            return match.group("ref")
    version = _VERSION_RE.search(text)
    return version.group(0).strip() if version else None


def find_emails(text: str, *, ignore: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for match in _EMAIL_RE.finditer(text):
        email = match.group(0).rstrip(".")
        if email.lower() not in ignore and email not in found:
            found.append(email)
    return found


def has_reproduction_steps(text: str) -> bool:
    """A numbered list of at least two steps, or a phrase that introduces steps."""
    return len(_NUMBERED_STEP_RE.findall(text)) >= 2 or _STEPS_PHRASE_RE.search(text) is not None


def find_diagram_link(text: str, pattern: re.Pattern[str]) -> str | None:
    """The first link `pattern` matches. A link is one whitespace-free token of at most
    `_LONGEST_LINK` characters: the pattern (an administrator's, maybe) is only ever run on
    such a token, so however it backtracks the work stays linear in the text."""
    for token in text.split():
        if len(token) <= _LONGEST_LINK and (match := pattern.search(token)):
            return match.group(0)
    return None


def mentions_diagram(text: str) -> bool:
    return _DIAGRAM_WORD_RE.search(text) is not None

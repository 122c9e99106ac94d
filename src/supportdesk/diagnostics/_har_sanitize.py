"""Removing secrets from HAR entries while keeping the archive useful.

Values are replaced by ``[REDACTED]``; names (cookie names, header names, parameter names) stay,
so an agent still sees *that* a request carried a session cookie or a token. Kinds tallied:

``cookie``       cookie values: ``cookies`` arrays and ``Cookie`` / ``Set-Cookie`` headers
``header``       ``Authorization``, ``Proxy-Authorization`` and API-key / token / CSRF headers
``query_param``  token-, password-, secret-, session-like ``queryString`` items
``url``          the same parameters inside URLs (query and fragment) and ``user:password@``
``form_param``   such parameters in ``postData.params`` and urlencoded / multipart bodies
``body_field``   such fields in JSON bodies and in HTML hidden inputs / meta tags
``jwt``          JWT-looking strings anywhere
``pattern``      the configured extra regular expressions
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

import orjson

from ._redaction import (
    JWT_RE,
    REDACTED,
    URL_CREDENTIALS_RE,
    RedactionTally,
    TextRedactor,
    is_sensitive_name,
)
from ._secret_values import SecretValues

_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "x-csrf-token",
        "x-csrftoken",
        "x-xsrf-token",
        "x-amz-security-token",
        "x-goog-api-key",
        "x-session-id",
        "x-session-token",
        "private-token",
        "ocp-apim-subscription-key",
        "x-vault-token",
    }
)
_URL_HEADERS = frozenset({"referer", "location", "content-location", "origin", ":path"})
# A value ends at "?" too: "?next=/a?token=…" must not hide the token inside next's value.
_URL_PARAM_RE = re.compile(r"(?P<lead>[?&;#](?P<name>[^=&#;?/\s]{1,100})=)(?P<value>[^&#;?\s]*)")
_FORM_PARAM_RE = re.compile(r"(?P<lead>(?:^|&)(?P<name>[^=&\s]{1,100})=)(?P<value>[^&]*)")
_JSON_FIELD_RE = re.compile(
    r'(?P<lead>"(?P<name>(?:[^"\\\n]|\\.){1,100})"\s*:\s*)'
    r'(?P<value>"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false)'
)
_MULTIPART_FIELD_RE = re.compile(
    r'(?P<lead>name="(?P<name>[^"\r\n]{1,100})"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)(?P<value>[^\r\n]*)'
)
_HTML_TAG_RE = re.compile(r"<(?:input|meta)\b[^>]{0,1000}>", re.IGNORECASE)
_HTML_NAME_RE = re.compile(
    r"""\b(?:name|id|property)\s*=\s*["']([^"']{1,100})["']""", re.IGNORECASE
)
_HTML_VALUE_RE = re.compile(
    r"""(?P<lead>\b(?:value|content)\s*=\s*(?P<q>["']))(?P<value>[^"']*)(?P=q)""", re.IGNORECASE
)
_AUTH_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,19}")
_CANDIDATE_WORDS = (
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "credential",
    "csrf",
    "xsrf",
    "sig",
    "sid",
    "sess",
    "auth",
    "otp",
    "cookie",
)

_NO_ACTION, _COOKIE, _SET_COOKIE, _SECRET, _URL = range(5)
_URL_CACHE_SIZE = 4096


_HEADER_ACTIONS: dict[str, int] = {}


def _learn_header_action(name: Any) -> int:
    if not isinstance(name, str):
        return _NO_ACTION
    if len(_HEADER_ACTIONS) > 10_000:
        _HEADER_ACTIONS.clear()
    action = _HEADER_ACTIONS[name] = _header_action(name.lower())
    return action


def _header_action(lowered: str) -> int:
    if lowered == "cookie":
        return _COOKIE
    if lowered == "set-cookie":
        return _SET_COOKIE
    if lowered in _SECRET_HEADERS or is_sensitive_name(lowered):
        return _SECRET
    if lowered in _URL_HEADERS:
        return _URL
    return _NO_ACTION


_CANDIDATE_RE = re.compile("|".join(_CANDIDATE_WORDS))


def _may_name_a_secret(text: str) -> bool:
    """Cheap pre-check: could any parameter or field name in ``text`` be sensitive?"""
    return _CANDIDATE_RE.search(text.lower()) is not None


def _query_start(url: str) -> int:
    """Where the query (or, without one, the fragment) starts; -1 if neither."""
    query = url.find("?")
    return query if query >= 0 else url.find("#")


class HarSanitizer:
    """Sanitises HAR entries in place, tallies what it removed and records the removed values
    (for the second pass that replaces them wherever else they occur)."""

    def __init__(
        self, tally: RedactionTally, text: TextRedactor, secrets: SecretValues | None = None
    ) -> None:
        self.tally = tally
        self._text = text
        self.secrets = secrets if secrets is not None else SecretValues()
        self._urls: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}

    # -- entries -----------------------------------------------------------------------------

    def sanitize_entry(self, entry: dict[str, Any]) -> None:
        request = entry.get("request")
        if isinstance(request, dict):
            self._request(request)
        response = entry.get("response")
        if isinstance(response, dict):
            self._response(response)
        initiator = entry.get("_initiator")
        if isinstance(initiator, dict) and isinstance(initiator.get("url"), str):
            initiator["url"] = self.sanitize_url(initiator["url"])

    def sanitize_strings(self, node: Any, where: str) -> Any:
        """JWTs and extra patterns in every string of ``node`` (changed in place; returned)."""
        if isinstance(node, str):
            return self._text.redact_patterns(
                self._text.redact_jwts(node, where=where), where=where
            )
        if isinstance(node, dict):
            label = node.get("name") if isinstance(node.get("name"), str) else None
            for key, value in node.items():
                if isinstance(value, str | dict | list):
                    node[key] = self.sanitize_strings(value, label or f"{where}.{key}".lstrip("."))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str | dict | list):
                    node[index] = self.sanitize_strings(value, where)
        return node

    def sanitize_meta(self, key: str, value: Any) -> Any:
        """``log`` members: URLs in page titles, then JWTs / patterns anywhere."""
        if key == "pages" and isinstance(value, list):
            for page in value:
                if isinstance(page, dict) and isinstance(page.get("title"), str):
                    page["title"] = self.sanitize_url(page["title"])
        return self.sanitize_strings(value, f"log.{key}")

    @property
    def needs_full_walk(self) -> bool:
        return self._text.has_patterns

    # -- URLs --------------------------------------------------------------------------------

    def sanitize_url(self, url: str) -> str:
        if not url or url.startswith("data:"):
            return url
        if "@" not in url and "eyJ" not in url and _query_start(url) < 0:
            return url
        cached = self._urls.get(url)
        if cached is None:  # the same URL recurs: Referer, redirects, repeated requests
            if len(self._urls) > _URL_CACHE_SIZE:
                self._urls.clear()
            cached = self._urls[url] = self._sanitize_url(url)
        clean, removed = cached
        for kind, name in removed:
            self.tally.add(kind, name)
        return clean

    def _sanitize_url(self, url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        removed: list[tuple[str, str]] = []
        if "@" in url:
            url, count = URL_CREDENTIALS_RE.subn(lambda m: m.group("prefix") + REDACTED, url)
            removed += [("url", "password")] * count
        query = _query_start(url)
        if query >= 0 and "=" in url and _may_name_a_secret(url[query:]):
            url = _URL_PARAM_RE.sub(lambda m: _replace_url_param(m, removed, self.secrets), url)
        if "eyJ" in url:
            url, count = JWT_RE.subn(REDACTED, url)
            removed += [("jwt", "url")] * count
        return url, tuple(removed)

    def _replace_named(self, match: re.Match[str], kind: str, name: str) -> str:
        value = match.group("value")
        if not value or not is_sensitive_name(name) or REDACTED in value:
            return match.group(0)
        self.tally.add(kind, name)
        self.secrets.add(kind, name, _unquoted(value))
        if value[0] == '"':
            return f'{match.group("lead")}"{REDACTED}"'
        return match.group("lead") + REDACTED

    # -- requests and responses ---------------------------------------------------------------

    def _request(self, request: dict[str, Any]) -> None:
        if isinstance(request.get("url"), str):
            request["url"] = self.sanitize_url(request["url"])
        self._headers(request.get("headers"))
        self._cookies(request.get("cookies"))
        self._pairs(request.get("queryString"), "query_param")
        post = request.get("postData")
        if isinstance(post, dict):
            self._pairs(post.get("params"), "form_param")
            text = post.get("text")
            if isinstance(text, str) and text:
                post["text"] = self._body(text, str(post.get("mimeType") or ""), request=True)

    def _response(self, response: dict[str, Any]) -> None:
        self._headers(response.get("headers"))
        self._cookies(response.get("cookies"))
        if isinstance(response.get("redirectURL"), str):
            response["redirectURL"] = self.sanitize_url(response["redirectURL"])
        content = response.get("content")
        if isinstance(content, dict):
            text = content.get("text")
            if isinstance(text, str) and text and content.get("encoding") != "base64":
                content["text"] = self._body(
                    text, str(content.get("mimeType") or ""), request=False
                )

    def _headers(self, headers: Any) -> None:
        if not isinstance(headers, list):
            return
        actions = _HEADER_ACTIONS
        for header in headers:
            try:
                action = actions[header["name"]]
            except KeyError:  # a header name not seen yet, or no name
                action = _learn_header_action(header.get("name"))
            except TypeError:  # not an object, or a name that is not a string
                continue
            if action == _NO_ACTION:
                continue
            name, value = header["name"], header.get("value")
            if not value or not isinstance(value, str):
                continue
            if action == _COOKIE:
                header["value"] = self._cookie_header(value)
            elif action == _SET_COOKIE:
                header["value"] = "\n".join(
                    self._set_cookie_line(line) for line in value.split("\n")
                )
            elif action == _SECRET:
                if REDACTED not in value:
                    lowered = name.lower()
                    self.secrets.add("header", lowered, value)
                    self.secrets.add("header", lowered, value.partition(" ")[2])
                    header["value"] = _keep_scheme(value, lowered)
                    self.tally.add("header", lowered)
            else:
                header["value"] = self.sanitize_url(value)

    def _cookie_header(self, value: str) -> str:
        parts = value.split(";")
        names = []
        for index, part in enumerate(parts):
            name, equals, cookie_value = part.partition("=")
            if equals and cookie_value and cookie_value != REDACTED and not cookie_value.isspace():
                parts[index] = name + "=" + REDACTED
                names.append(name.strip())
                self.secrets.add("cookie", name.strip(), cookie_value)
        if not names:
            return value
        self.tally.add_names("cookie", names)
        return ";".join(parts)

    def _set_cookie_line(self, line: str) -> str:
        pair, semicolon, attributes = line.partition(";")
        name, equals, value = pair.partition("=")
        if not equals or not value.strip() or value == REDACTED:
            return line
        self.tally.add("cookie", name.strip())
        self.secrets.add("cookie", name.strip(), value)
        return f"{name}={REDACTED}{semicolon}{attributes}"

    def _cookies(self, cookies: Any) -> None:
        if not isinstance(cookies, list):
            return
        names = []
        for cookie in cookies:
            try:
                value = cookie["value"]
            except (KeyError, TypeError):
                continue
            if value not in (None, "", REDACTED):
                cookie["value"] = REDACTED
                names.append(str(cookie.get("name") or ""))
                self.secrets.add("cookie", names[-1], value)
        if names:
            self.tally.add_names("cookie", names)

    def _pairs(self, pairs: Any, kind: str) -> None:
        if not isinstance(pairs, list):
            return
        for pair in pairs:
            try:
                name, value = pair["name"], pair["value"]
            except (KeyError, TypeError):
                continue
            if (
                value not in (None, "", REDACTED)
                and isinstance(name, str)
                and is_sensitive_name(name)
            ):
                pair["value"] = REDACTED
                self.tally.add(kind, name)
                self.secrets.add(kind, name, value)

    # -- bodies ------------------------------------------------------------------------------

    def _body(self, text: str, mime_type: str, *, request: bool) -> str:
        mime = mime_type.lower()
        if "html" in mime:
            return _HTML_TAG_RE.sub(self._replace_html_tag, text)
        if "json" in mime or (
            (not mime or "text/plain" in mime) and text.lstrip()[:1] in {"{", "["}
        ):
            if _may_name_a_secret(text):
                return _JSON_FIELD_RE.sub(self._replace_json_field, text)
        elif "x-www-form-urlencoded" in mime or (
            request and not mime and "=" in text and " " not in text[:200]
        ):
            if _may_name_a_secret(text):
                return _FORM_PARAM_RE.sub(self._replace_form_param, text)
        elif "multipart/form-data" in mime and _may_name_a_secret(text):
            return _MULTIPART_FIELD_RE.sub(
                lambda m: self._replace_named(m, "form_param", m.group("name")), text
            )
        return text

    def _replace_json_field(self, match: re.Match[str]) -> str:
        return self._replace_named(match, "body_field", match.group("name"))

    def _replace_form_param(self, match: re.Match[str]) -> str:
        return self._replace_named(match, "form_param", unquote_plus(match.group("name")))

    def _replace_html_tag(self, match: re.Match[str]) -> str:
        tag = match.group(0)
        name = _HTML_NAME_RE.search(tag)
        if name is None or not is_sensitive_name(name.group(1)):
            return tag
        return _HTML_VALUE_RE.sub(
            lambda m: self._replace_named(m, "body_field", name.group(1)), tag
        )


def _replace_url_param(
    match: re.Match[str], removed: list[tuple[str, str]], secrets: SecretValues
) -> str:
    value = match.group("value")
    name = match.group("name")
    if "%" in name or "+" in name:
        name = unquote_plus(name)
    if not value or REDACTED in value or not is_sensitive_name(name):
        return match.group(0)
    removed.append(("url", name))
    secrets.add("url", name, value)
    return match.group("lead") + REDACTED


def _keep_scheme(value: str, header: str) -> str:
    """``Bearer abc`` → ``Bearer [REDACTED]``: the scheme helps debugging and is no secret."""
    if header.endswith("authorization"):
        scheme, space, rest = value.partition(" ")
        if space and rest.strip() and _AUTH_SCHEME_RE.fullmatch(scheme):
            return f"{scheme} {REDACTED}"
    return REDACTED


def _unquoted(value: str) -> str:
    """A JSON string literal as the text it stands for; other values as they are."""
    if value[:1] != '"':
        return value
    try:
        decoded = orjson.loads(value)
    except orjson.JSONDecodeError:
        return value[1:-1]
    return decoded if isinstance(decoded, str) else value

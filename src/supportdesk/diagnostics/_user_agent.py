"""Browser name and version from a User-Agent string (ua-parser, uap-core rules)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ua_parser

# ua-parser families → the product an agent would name ("Chrome Mobile iOS" is Chrome).
_PRODUCTS = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Chrome",
    "HeadlessChrome": "Chrome",
    "Chromium": "Chromium",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Edge Mobile": "Edge",
    "IE Mobile": "IE",
    "Opera Mini": "Opera",
    "Opera Mobile": "Opera",
    "Yandex Browser": "Yandex Browser",
    "DuckDuckGo Mobile": "DuckDuckGo",
}


@dataclass(frozen=True)
class BrowserInfo:
    """A browser as reported by a User-Agent header or a HAR's ``log.browser``.

    ``name`` is what the source said (ua-parser family, e.g. "Chrome Mobile iOS"); ``product``
    is the browser an agent would name ("Chrome"); ``source`` is ``user_agent``,
    ``har_browser`` or ``har_creator``.
    """

    name: str
    version: str | None
    product: str
    source: str
    os: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "product": self.product,
            "source": self.source,
            "os": self.os,
            "label": self.label,
        }


def product_name(name: str) -> str:
    return _PRODUCTS.get(name, name)


@lru_cache(maxsize=256)
def parse_user_agent(user_agent: str) -> BrowserInfo | None:
    """The browser named by a User-Agent string, or ``None`` if it names no known client."""
    text = user_agent.strip()
    if not text:
        return None
    agent = ua_parser.parse_user_agent(text)
    if agent is None or agent.family == "Other":
        return None
    parts = [agent.major, agent.minor, agent.patch, agent.patch_minor]
    version = ".".join(part for part in _leading(parts))
    os = ua_parser.parse_os(text)
    os_label = None
    if os is not None and os.family != "Other":
        os_version = ".".join(_leading([os.major, os.minor, os.patch]))
        os_label = f"{os.family} {os_version}".strip()
    return BrowserInfo(
        name=agent.family,
        version=version or None,
        product=product_name(agent.family),
        source="user_agent",
        os=os_label,
    )


def _leading(parts: list[str | None]) -> list[str]:
    """The version components up to the first missing one."""
    leading: list[str] = []
    for part in parts:
        if part is None or part == "":
            break
        leading.append(part)
    return leading

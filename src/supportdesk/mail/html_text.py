"""Plain text from HTML mail bodies, for search and previews (the stored HTML is sanitised)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "address", "article", "blockquote", "br", "div", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"head", "script", "style", "title"}
# html.unescape turns "&#" and a million digits into int(), past Python's digit limit; no real
# character reference has more than seven digits, so longer ones are kept as literal text.
_HUGE_CHARREF = re.compile(r"&(#[xX]?[0-9A-Fa-f]{9})")
# What `feed` leaves unparsed is a tag, comment or declaration still open at the end of the
# mail. `close` (seen on CPython 3.13.0) rescans it from every following "<": quadratic, a
# minute for 60 KB of "<a ". A browser shows nothing of an unfinished tag, so a long one is
# dropped; a short one is closed as before.
_LONGEST_UNFINISHED = 1024


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(_HUGE_CHARREF.sub(r"&amp;\1", html))
    if len(collector.rawdata) > _LONGEST_UNFINISHED and collector.rawdata.startswith("<"):
        collector.rawdata = ""
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

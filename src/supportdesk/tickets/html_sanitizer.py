"""Customer HTML is sanitised with nh3 before it is stored or shown.

nh3's HTML5 parser does work proportional to the depth of open block elements for every new
one, so a mail of 40,000 nested `<div>`s costs seconds and 100,000 `<li>`s a minute. A linear
pre-scan measures the nesting first; HTML deeper than any real mail is not kept as HTML at all
(the message's plain text stands in for it, as for a plain-text mail).
"""

import re
from collections.abc import Callable

import nh3

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr",
    "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Mail clients nest a few dozen levels; forwarded chains of Outlook tables, a few hundred.
MAX_NESTING = 400
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})")
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


def nesting_depth(html: str) -> int:
    """The deepest count of open elements, as a forgiving parser would see it (linear)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        if match[1]:
            depth = max(depth - 1, 0)
        elif match[2].lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def sanitize_html(html: str) -> str:
    """Safe HTML for `html`, or "" when it is too deeply nested to parse in bounded time."""
    return _clean(html)


def sanitize_html_without_remote_images(html: str) -> tuple[str, bool]:
    """Safe HTML with the addresses of remote images removed, and whether there were any.

    A remote image in a mail tells its sender when and where it was read (tracking pixels);
    an agent's browser loads one only when the agent asks to see that message's images.
    """
    blocked = False

    def drop_remote_sources(tag: str, attribute: str, value: str) -> str | None:
        nonlocal blocked
        if tag == "img" and attribute == "src" and not value.lower().startswith("cid:"):
            blocked = True
            return None
        return value

    return _clean(html, attribute_filter=drop_remote_sources), blocked


def _clean(html: str, attribute_filter: Callable[[str, str, str], str | None] | None = None) -> str:
    if nesting_depth(html) > MAX_NESTING:
        return ""
    # cid: keeps inline mail images resolvable; javascript: and data: never survive.
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=attribute_filter,
    )

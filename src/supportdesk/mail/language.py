"""Which language to answer in: Russian unless the customer plainly wrote in English.

A word-level count: words with Cyrillic letters against purely Latin words, ignoring
technical tokens (versions, paths, hosts, identifiers with digits). Russian customers mix in
English product terms freely, so any real share of Cyrillic words means Russian.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
_TECHNICAL = re.compile(r"\S*(?:[\d/\\:@_]|\.\w)\S*")
_CYRILLIC_SHARE_FOR_RUSSIAN = 0.2


def reply_language(*texts: str) -> str:
    """ "en" or "ru" for the first text with enough words to tell; "ru" when none has."""
    for text in texts:
        cyrillic = latin = 0
        for word in _WORD.findall(_TECHNICAL.sub(" ", text)):
            if _CYRILLIC.search(word):
                cyrillic += 1
            elif _LATIN.match(word) and len(word) > 1:
                latin += 1
        if cyrillic + latin < 2:
            continue
        return "ru" if cyrillic >= _CYRILLIC_SHARE_FOR_RUSSIAN * (cyrillic + latin) else "en"
    return "ru"

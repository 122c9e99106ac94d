"""Which language to answer in: Russian unless the customer plainly wrote in English.

A word-level count: words with Cyrillic letters against purely Latin words, ignoring
technical tokens (versions, paths, hosts, identifiers with digits). Russian customers mix in
English product terms freely, so any real share of Cyrillic words means Russian.

Mail is hostile input: the text is split on whitespace by `str.split` and only the first
`_INSPECTED_CHARS` of each text are looked at, and every pattern here is matched inside one
token without nested repetition, so the check is linear and bounded whatever arrives.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TECHNICAL_MARK = re.compile(r"[\d/\\:@_]|\.\w")
_CYRILLIC_SHARE_FOR_RUSSIAN = 0.2
# A few paragraphs tell the language; a megabyte-long subject tells nothing more.
_INSPECTED_CHARS = 8192


def reply_language(*texts: str) -> str:
    """ "en" or "ru" for the first text with enough words to tell; "ru" when none has."""
    for text in texts:
        cyrillic = latin = 0
        for token in text[:_INSPECTED_CHARS].split():
            if _TECHNICAL_MARK.search(token):
                continue
            for word in _WORD.findall(token):
                if _CYRILLIC.search(word):
                    cyrillic += 1
                elif len(word) > 1 and _LATIN.fullmatch(word):
                    latin += 1
        if cyrillic + latin < 2:
            continue
        return "ru" if cyrillic >= _CYRILLIC_SHARE_FOR_RUSSIAN * (cyrillic + latin) else "en"
    return "ru"

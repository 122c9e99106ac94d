"""Snowball stems for the SQLite index: Russian words by the Russian stemmer, others English."""

from __future__ import annotations

import re
from functools import cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")
# Snowball's work grows faster than a word's length, and nobody searches for a 65-letter word.
_LONGEST_WORD = 64


@cache
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(language)


def stems(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    return [
        _stemmer("russian" if _CYRILLIC.search(word) else "english").stemWord(word)
        for word in words
        if len(word) <= _LONGEST_WORD
    ]

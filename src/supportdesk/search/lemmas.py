"""Russian words in their dictionary form, before either index sees them.

Snowball's Russian stemmer cuts endings by rule and misses forms that change the stem
("ошибок" stays "ошибок" while "ошибка", "ошибки", "ошибкой" become "ошибк"). pymorphy3 knows
the forms from its dictionary ("ошибок" → "ошибка"), so the index and the query both hold the
lemma, and the stemmer behind them (PostgreSQL's `russian` configuration, Snowball for SQLite)
only has regular endings left to deal with. Other words pass through unchanged.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3

_WORD = re.compile(r"\w+|\W+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
# As the stemmer's own limit: nobody searches for a 65-letter word.
_LONGEST_WORD = 64


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    parses = _analyzer().parse(word)
    return str(parses[0].normal_form) if parses else word.lower()


def lemmatized(text: str) -> str:
    """`text` with each Russian word replaced by its lemma; everything else kept as it is."""
    return "".join(
        _lemma(piece)
        if len(piece) <= _LONGEST_WORD and _CYRILLIC.search(piece) and piece[0].isalnum()
        else piece
        for piece in _WORD.findall(text)
    )

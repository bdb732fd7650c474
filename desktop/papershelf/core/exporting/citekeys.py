"""Citation keys: the same paper gets the same key on every export, and no two papers one.

A key is the first author's family name, the year and the first significant word of the
title, folded to lower-case ASCII letters and digits (``vaswani2017attention``), the scheme
Google Scholar and Better BibTeX made familiar. Papers sharing a key within one export get
``a``, ``b``, ... after it in the order they are given (the library's order), so a paper's key
changes only when an earlier paper with the same key joins the export.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from papershelf.core.exporting.names import split_name

# Letters NFKD does not take apart into a base letter and accents.
_FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l",
     "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"}
)  # fmt: skip
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[\w'’]+")
STOPWORDS = {
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "from", "by", "at",
    "as", "is", "are", "be", "via", "into", "about", "over", "under", "towards", "toward", "do",
    "does", "what", "how", "why", "when", "which", "who", "we", "our", "can", "its", "it",
    "this", "that", "using", "not", "no", "all", "beyond", "through", "between", "against",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Müller-Łukasz" -> "mullerlukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_KEY.sub("", ascii_text)


def base_key(paper: dict[str, Any]) -> str:
    """The key a paper has when no other paper in the export shares it."""
    authors = paper.get("authors") or []
    family = fold(split_name(authors[0]).family or authors[0]) if authors else ""
    year = str(paper["year"]) if paper.get("year") else ""
    words = (fold(w) for w in _WORD.findall(paper.get("title") or ""))
    word = next((w for w in words if w and w not in STOPWORDS), "")
    key = f"{family or 'anon'}{year}{word}"
    return key if family or year or word else f"paper{paper.get('id', '')}"


class CitationKeys:
    """Hands out keys for one export: each paper's base key, made unique with a suffix."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def key(self, paper: dict[str, Any]) -> str:
        """The key of the next paper in the export."""
        base = base_key(paper)
        key, n = base, 0
        while key in self._taken:
            n += 1
            key = base + _letters(n)
        self._taken.add(key)
        return key


def _letters(n: int) -> str:
    """1 -> "a", 26 -> "z", 27 -> "aa": the suffixes of papers sharing a key."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters

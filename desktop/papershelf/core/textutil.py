"""Small text helpers shared by importers, identity and the index."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Punctuation and symbols collapse to one space when comparing titles.
_NON_WORD = re.compile(r"[\W_]+")
# A URL ends before whitespace or a closing bracket; trailing sentence punctuation is trimmed.
_URL = re.compile(r"https?://[^\s<>\"'\]\[(){}]+", re.IGNORECASE)


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def title_key(title: str) -> str:
    """The comparison form of a title: NFKC, case-folded, punctuation and spaces collapsed."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def find_urls(text: str) -> list[str]:
    """URLs found in running text, in order, without trailing punctuation, each once."""
    found: list[str] = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if url not in found:
            found.append(url)
    return found

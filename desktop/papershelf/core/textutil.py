"""Small text helpers shared by importers, identity and the index."""

from __future__ import annotations

import re
import unicodedata

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# Punctuation and symbols collapse to one space when comparing titles.
_NON_WORD = re.compile(r"[\W_]+")
# A URL ends before whitespace or a closing bracket; trailing sentence punctuation is trimmed.
_URL = re.compile(r"https?://[^\s<>\"'\]\[(){}]+", re.IGNORECASE)


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def paragraphs(text: str) -> str:
    """Whitespace squashed inside each paragraph; paragraphs kept apart by one blank line."""
    if "\n" not in text or not _BLANK_LINE.search(text):
        return squash(text)
    parts = (squash(p) for p in _BLANK_LINE.split(text))
    return "\n\n".join(p for p in parts if p)


def title_key(title: str) -> str:
    """The comparison form of a title: NFKC, case-folded, punctuation and spaces collapsed."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def find_urls(text: str) -> list[str]:
    """URLs found in running text, in order, without trailing punctuation, each once."""
    found: list[str] = []
    if "http" not in text and "HTTP" not in text:
        return found
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if url not in found:
            found.append(url)
    return found

"""File names for notes that every system accepts, the same on every export, and never twice.

A name is made from text (the citation key and the title): characters Windows, macOS or Linux
refuse (``< > : " / \\ | ? *``, control characters) and those Obsidian reads as link syntax
(``# ^ [ ]``) become spaces; leading dots (hidden files, ``..``) and the trailing dots and
spaces Windows drops go; a device name Windows reserves (``CON``, ``NUL``, ``COM1``...) gets a
``_`` before it; the length is capped at 120 characters and 200 bytes of UTF-8 (most file
systems allow 255 bytes), cut at a word when one is near. Names are unique in their folder
without regard to case, as on macOS and Windows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Device names Windows reserves, with or without an extension.
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{d}{i}" for d in ("COM", "LPT") for i in range(10))}
_REFUSED = re.compile(r'[<>:"/\\|?*#^\[\]]')
MAX_CHARS = 120
MAX_BYTES = 200
SUFFIX = ".md"


def safe_stem(text: str) -> str:
    """``text`` as a file name without its extension; '' when nothing of it can be used."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = " ".join(_REFUSED.sub(" ", text).split()).strip(". ")
    text = _capped(text).rstrip(". ")
    if text and text.split(".")[0].strip().upper() in RESERVED:
        text = f"_{text}"
    return text


def _capped(text: str) -> str:
    if len(text) <= MAX_CHARS and len(text.encode("utf-8")) <= MAX_BYTES:
        return text
    cut = text[:MAX_CHARS]
    while len(cut.encode("utf-8")) > MAX_BYTES:
        cut = cut[:-1]
    space = cut.rfind(" ")
    return cut[:space] if space > len(cut) // 2 else cut


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


class FileNames:
    """The names taken in one folder; hands out new ones that clash with none of them."""

    def __init__(self, taken: Iterable[str] = ()):
        self._taken = {_folded(name) for name in taken}

    def claim(self, stem: str) -> str:
        """A free file name for ``stem``: ``stem.md``, else ``stem 2.md``, ``stem 3.md``..."""
        name, n = f"{stem}{SUFFIX}", 1
        while _folded(name) in self._taken:
            n += 1
            name = f"{stem} {n}{SUFFIX}"
        self._taken.add(_folded(name))
        return name

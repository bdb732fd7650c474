"""Streaming XML safely for the XML importers (PubMed XML, arXiv Atom).

lxml's ``iterparse`` reads bytes; ``Utf8Reader`` feeds it the already-decoded text as UTF-8
with the document's encoding label corrected, and ``forget`` frees each record once read so
memory stays flat on a 200 MB file. Callers open iterparse with entity resolution, DTD loading
and network access all off: ``safe_iterparse`` is the one place they are set.
"""

from __future__ import annotations

import re
from typing import IO, Any

from lxml import etree

_XML_DECL = re.compile(r"^(\ufeff?\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']")
READ_CHARS = 64 * 1024


class Utf8Reader:
    """The decoded text stream as UTF-8 bytes for lxml, with the XML encoding label fixed."""

    def __init__(self, stream: IO[str]):
        self._stream = stream
        self._first = True

    def read(self, size: int = -1) -> bytes:
        """Up to about ``size`` bytes of the document."""
        text = self._stream.read(READ_CHARS if size is None or size < 0 else max(size // 4, 1))
        if self._first:
            # Source already decoded the text; a label such as ISO-8859-1 would now be wrong.
            text = _XML_DECL.sub(r'\1 encoding="UTF-8"', text.lstrip("\ufeff"), count=1)
            self._first = False
        return text.encode("utf-8")


def forget(element: etree._Element) -> None:
    """Free a record and everything before it, keeping memory flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def element_text(element: etree._Element | None) -> str:
    """All text inside an element (italics, sub/superscripts, MathML), whitespace squashed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def safe_iterparse(stream: IO[str], tag: Any) -> Any:
    """``iterparse`` over decoded text: end events for ``tag``; no entities, DTDs or network."""
    return etree.iterparse(
        Utf8Reader(stream),
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )

"""Plain pasted text: one or more "title, blank line, abstract" blocks.

This is a papers page without the page: the same reader (``page_reader``) takes each abstract
with the title before it, over the text's plain lines (nothing in it is read as Markdown).
Detection only claims text that has title/abstract pairs and none of a page's furniture or
another format's signature, so the page importer keeps page copies and structured formats
keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papershelf.core.importers import hf_page
from papershelf.core.importers.source import Source
from papershelf.core.records import Furniture, Record, Skip

# Signatures of the structured formats other importers read.
_OTHER_FORMAT = re.compile(
    r"^(?:[ \t]*@\w+[ \t]*[{(]|<\d+>\s*$|TY  - |PMID- |arXiv:\d|Title:|Authors?:|\\\\\s*$"
    r"|<\?xml|<!DOCTYPE|<html|#{1,6}\s|[-*]\s+\[|[{\[]\s*$|\{\")",
    re.IGNORECASE | re.MULTILINE,
)
# Tagged-line formats (ISI "TI ", refer "%T ", Ovid "<1>", YAML and "Key: value" records).
_TAGGED_LINE = re.compile(
    r"^(?:[A-Z][A-Z0-9]\s{1,3}(?:-\s)?\S|%[A-Z]\s|<\d+>\s*$|[ \t]*<[A-Za-z!?/]"
    r"|[ \t]*(?:-[ \t]*)?[\w-]{1,30}:\s)",
    re.MULTILINE,
)


class PlainText:
    """Importer for plain title / abstract blocks."""

    name = "text"
    label = "plain text (title, blank line, abstract)"

    def detect(self, head: str) -> float:
        """Likely for clean title/abstract pairs; nothing if page furniture or a format shows."""
        text = head.lstrip("\ufeff")
        if any(marker in text.casefold() for marker in hf_page.MARKERS):
            return 0.0
        if _OTHER_FORMAT.search(text) or len(_TAGGED_LINE.findall(text)) >= 3:
            return 0.0
        if hf_page.page_signs(text):
            return 0.0  # page furniture: the papers page importer's job
        return 0.75 if hf_page.title_abstract_pairs(text) >= 1 else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip | Furniture]:
        """Each title with the abstract after it."""
        yield from hf_page.read_capture(source, markdown=False)


IMPORTER = PlainText()

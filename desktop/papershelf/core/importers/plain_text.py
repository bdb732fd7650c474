"""Plain pasted text: one or more "title, blank line, abstract" blocks.

This is the Hugging Face page format without the page: the pairing of titles with the abstracts
after them is ``hf_page.pair_titles``, run over the paragraphs with no page noise removed (a
line reading "Code" or "Mar 14" in pasted text is the user's, not the page's). Detection only
claims text that has title/abstract pairs and none of the page's noise or another format's
signature, so the page importer keeps page copies and structured formats keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papershelf.core.importers import hf_page
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip
from papershelf.core.textutil import squash

# Signatures of the structured formats other importers read.
_OTHER_FORMAT = re.compile(
    r"^(?:\s*@\w+\s*[{(]|<\d+>\s*$|TY  - |PMID- |arXiv:\d|Title:|Authors?:|\\\\\s*$"
    r"|<\?xml|<!DOCTYPE|<html|#{1,6}\s|[-*]\s+\[|[{\[]\s*$|\{\")",
    re.IGNORECASE | re.MULTILINE,
)
# Tagged-line formats (ISI "TI ", refer "%T ", Ovid "<1>", YAML and "Key: value" records).
_TAGGED_LINE = re.compile(
    r"^(?:[A-Z][A-Z0-9]\s{1,3}(?:-\s)?\S|%[A-Z]\s|<\d+>\s*$|\s*<[A-Za-z!?/]|\s*-?\s*[\w-]{1,30}:\s)",
    re.MULTILINE,
)


def _never_noise(line: str) -> bool:
    return False


def pairs_in(head: str) -> int:
    """How many title paragraphs are directly followed by an abstract paragraph."""
    blocks = [squash(b) for b in re.split(r"\n\s*\n", head) if b.strip()]
    return sum(
        1
        for a, b in zip(blocks, blocks[1:], strict=False)
        if len(a) <= 300 and not hf_page._looks_like_abstract(a) and hf_page._looks_like_abstract(b)
    )


class PlainText:
    """Importer for plain title / abstract blocks."""

    name = "text"
    label = "plain text (title, blank line, abstract)"

    def detect(self, head: str) -> float:
        """Likely for clean title/abstract pairs; nothing if page noise or a format shows."""
        text = head.lstrip("\ufeff")
        if any(marker in text.casefold() for marker in hf_page.MARKERS):
            return 0.0
        if _OTHER_FORMAT.search(text) or len(_TAGGED_LINE.findall(text)) >= 3:
            return 0.0
        lines = [squash(line) for line in text.splitlines()]
        if any(line and hf_page._is_noise(line) for line in lines):
            return 0.0  # page noise: the Hugging Face page importer's job
        return 0.75 if pairs_in(text) >= 1 else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each title with the abstract after it."""
        yield from hf_page.pair_titles(hf_page.paragraphs(source, is_noise=_never_noise))


IMPORTER = PlainText()

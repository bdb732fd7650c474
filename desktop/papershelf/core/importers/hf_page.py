"""A page of papers as a person captures it: the Hugging Face papers pages first of all.

Trending, daily, weekly, monthly, search and collection pages, copied from a browser (plain
lines), turned into Markdown by a converter, a reader extension, a notebook or ``firecrawl``,
or dumped by a text browser. The capture is turned into lines with their links
(``page_units``: Markdown through markdown-it-py, plain text as it is), and the papers are
read from them by structure (``page_reader``). Whatever is not a paper is page furniture:
reported and counted, never a reason to refuse the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import partial

from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.json_papers import looks_like_json
from papershelf.core.importers.page_reader import read_page
from papershelf.core.importers.page_units import (
    BASE_URL,
    PageContext,
    Unit,
    front_matter,
    looks_like_markdown,
    markdown_units,
    plain_units,
    references,
    resolve_references,
    undoubled,
)
from papershelf.core.importers.paper_page import page_paper_id, read_paper_page
from papershelf.core.importers.source import Source
from papershelf.core.records import MAX_ABSTRACT, Furniture, Record, Skip
from papershelf.core.textutil import squash

MARKERS = (
    "byak and the research community",
    "by ak and the research community",
    "get trending papers in your email inbox",
    "huggingface.co/papers",
    "submitted by",
    "daily papers",
    "trending papers",
    "huggingface.co/collections/",
    "share collection",
    "collection guide",
)
CHUNK_CHARS = 2 * 1024 * 1024  # a page is read this much at a time, split at a blank line
MAX_CHUNK_CHARS = 4 * CHUNK_CHARS

_HTML_DOCUMENT = re.compile(r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.S)
_HEADING_LINE = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_CAPTURED = re.compile(
    r"(?:retrieved|exported|captured(?: \(utc\))?|date|saved)\**:\**\s*(\d{4})-(\d{2})-(\d{2})",
    re.IGNORECASE,
)

# Signatures of formats other importers read; a page copy has none of them.
_FOREIGN = re.compile(
    r"^(?:[ \t]*@\w+[ \t]*[{(]|TY  - |PMID- |arXiv:\d|[ \t]*<\?xml|[ \t]*<!DOCTYPE|[ \t]*<html"
    r"|[{\[]\s*$|\{\"|"
    r"cff-version:|PT [JBSP]\s*$|FN |%[A-Z] |<\d+>\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_TAGGED = re.compile(
    r"^(?:[A-Z][A-Z0-9]\s{1,3}(?:-\s)?\S|[ \t]*(?:-[ \t]*)?[\w-]{1,30}:\s)",
    re.MULTILINE,
)


def title_abstract_pairs(head: str) -> int:
    """How many title paragraphs are directly followed by an abstract paragraph."""
    blocks = [squash(b).lstrip("# ") for b in re.split(r"\n\s*\n", head) if b.strip()]
    return sum(
        1
        for a, b in zip(blocks, blocks[1:], strict=False)
        if signals.is_title(a) and signals.is_prose(b)
    )


def page_signs(head: str) -> bool:
    """Whether text shows page furniture or paper facts (a menu word, "8 authors", a date)."""
    for number, line in enumerate(head.splitlines()[:2000]):
        text = squash(line)
        if text:
            unit = Unit(number, text)
            if signals.is_furniture(unit) or signals.fact(unit):
                return True
    return False


def _page_like(head: str) -> bool:
    """Without the page's own phrases: title/abstract pairs, and furniture or headings.

    Clean title/abstract text is the plain-text importer's; tagged or structured text
    (ISI, Ovid, refer, YAML, XML, CFF) is never a page copy.
    """
    _, skip = front_matter(head)
    body = "\n".join(head.splitlines()[skip:])
    if _FOREIGN.search(body) or len(_TAGGED.findall(body)) >= 3:
        return False
    return title_abstract_pairs(body) >= 1 and (
        page_signs(body) or bool(_HEADING_LINE.search(body))
    )


class HuggingFacePage:
    """Importer for a papers page captured as text or Markdown."""

    name = "hf-page"
    label = "Hugging Face papers page"

    def detect(self, head: str) -> float:
        """Certain when the page's own phrases are present; likely for title/abstract pairs."""
        low = head.casefold()
        if _HTML_DOCUMENT.match(low) or looks_like_json(head):
            return 0.0  # the page saved as HTML is hf_html's; scraped JSON is json_papers'
        if any(marker in low for marker in MARKERS):
            return 0.95
        return 0.6 if _page_like(head) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip | Furniture]:
        """The papers of the page, the blocks that could not be read, and its furniture; one
        paper for a paper's own page."""
        own = page_paper_id(source.head)
        if own is not None:
            yield from read_capture(source, reader=partial(read_paper_page, arxiv_id=own))
            return
        yield from read_capture(source)


Reader = Callable[[Sequence[Unit], PageContext], Iterable[Record | Skip | Furniture]]


def read_capture(
    source: Source,
    markdown: bool | None = None,
    reader: Reader = read_page,
    base: str = BASE_URL,
) -> Iterator[Record | Skip | Furniture]:
    """Papers, broken blocks and furniture of page text, read a chunk at a time.

    ``markdown`` says whether the text is Markdown; by default the text's own signs decide.
    ``markdown=False`` is the user's plain text: no word of it is taken for page furniture.
    ``reader`` finds the papers in the lines (a listing page has its own); ``base`` is the
    site relative links point to.
    """
    is_markdown = looks_like_markdown(source.head) if markdown is None else markdown
    context = PageContext(
        captured=_captured(source.head), plain=markdown is False, markdown=is_markdown
    )
    for first_line, text in _chunks(source):
        skipped = 0
        if first_line == 1:
            _, skipped = front_matter(text)
            if skipped:
                yield Furniture(1, "(front matter)", skipped)
                text = "\n" * skipped + text.split("\n", skipped)[-1]
        if is_markdown:
            lines = text.split("\n")
            yield from _too_long(lines, first_line)
            units = list(markdown_units("\n".join(undoubled(lines)), first_line, base))
        else:
            units, furniture = _plain(text, first_line, base)
            yield from furniture
        yield from reader(units, context)


MARKDOWN_LINE = MAX_ABSTRACT  # markdown-it reads "[![" a million times in quadratic time


def _too_long(lines: list[str], first_line: int) -> Iterator[Skip]:
    """Lines longer than any paper's abstract, each emptied (in place) and reported: no
    paper is in them, and the Markdown parser would take minutes over one."""
    for n, line in enumerate(lines):
        if len(line) > MARKDOWN_LINE:
            lines[n] = ""
            yield Skip(
                first_line + n,
                f"this line is {len(line):,} characters long, more than any paper's abstract "
                f"({MARKDOWN_LINE:,}); it is skipped",
            )


def _plain(text: str, first_line: int, base: str) -> tuple[list[Unit], list[Furniture]]:
    """Units of plain page text, with what a text browser or a paste did to it undone: a
    lynx list of numbered links resolved (and skipped), doubled line breaks halved."""
    lines = text.split("\n")
    refs, end = references(lines)
    furniture = [Furniture(first_line + end, "(list of links)", len(lines) - end)] if refs else []
    # A doubled paste is numbered as halved: its lines are one apart again, as the reader
    # needs them; its report's line numbers are then those of the text as it was copied.
    units = list(plain_units(enumerate(undoubled(lines[:end]), first_line), base=base))
    resolve_references(units, refs)
    return units, furniture


def _captured(head: str) -> date | None:
    """When the capture was made, if it says (front matter, a "Captured:" line)."""
    match = _CAPTURED.search(head)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _chunks(source: Source) -> Iterator[tuple[int, str]]:
    """The text in pieces of about ``CHUNK_CHARS``, each ending at a blank line; text with
    no blank line in ``MAX_CHUNK_CHARS`` is cut at a line there (no paper is that long)."""
    lines: list[str] = []
    size = 0
    first = 1
    for number, line in source.lines():
        if not lines:
            first = number
        lines.append(line)
        size += len(line) + 1
        if size >= CHUNK_CHARS and not line.strip() or size >= MAX_CHUNK_CHARS:
            yield first, "\n".join(lines)
            lines, size = [], 0
    if lines:
        yield first, "\n".join(lines)


IMPORTER = HuggingFacePage()

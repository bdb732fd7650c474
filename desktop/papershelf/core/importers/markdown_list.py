"""Markdown paper lists: daily arXiv digests and reading lists written by hand.

A paper starts at a heading (``### [12] [Title](https://arxiv.org/abs/...)``, ``### Title``)
or at a list item linking to a paper site (``- [Title](https://arxiv.org/abs/...)``). The
paragraphs after it give an author line (``*A, B, C*`` or ``Authors: ...``), labelled lines
(``Main category:``, ``TL;DR:``, ``Abstract:``) and the abstract itself, sometimes folded inside
``<details>``. The Markdown library would render this to HTML but not say which paragraph is
which, so the structure is read here line by line; inline Markdown in titles is rendered with
the ``markdown`` library and flattened by ``markup``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import markdown

from papershelf.core.importers.hf_page import MARKERS
from papershelf.core.importers.markup import to_text
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip
from papershelf.core.textutil import squash

_PAPER_SITES = r"(?:arxiv\.org|doi\.org|openreview\.net|aclanthology\.org|huggingface\.co/papers)"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBER = re.compile(r"^\[\d+\]\s+|^\d+\.\s+")
_LINKED = re.compile(r"^\[(.+)\]\((\S+?)\)(.*)$")
_ITEM = re.compile(rf"^\s*[-*+]\s+\[([^\]]+)\]\((https?://{_PAPER_SITES}\S*?)\)\s*(.*)$")
_HTML_LINE = re.compile(r"^\s*</?(?:details|summary|div|br|p|hr)\b[^>]*>(?:.*</summary>)?\s*$")
_LABEL = re.compile(r"^\*{0,2}([A-Za-z][\w;/ .-]{0,24}?)\*{0,2}\s*:\*{0,2}\s+(.*)$", re.S)
_AUTHORS_EMPH = re.compile(r"^[*_]([^*_].*?)[*_]$")
_LINK_IN_HEADING = re.compile(rf"^#{{2,6}}\s+(?:\[\d+\]\s+)?\[[^\]]+\]\(https?://{_PAPER_SITES}")
ABSTRACT_LABELS = {"abstract", "summary"}
CATEGORY_LABELS = {"main category", "categories", "category", "subjects"}


@dataclass
class _Paper:
    title: str
    line: int
    links: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)

    def end_paragraph(self) -> None:
        if self.current:
            self.paragraphs.append(squash(" ".join(self.current)))
            self.current = []


# Python-Markdown's link patterns take super-linear time over long runs of "[" (17,000 of them
# took minutes); a line longer than any abstract of a digest is read as it stands.
INLINE_CHARS = 10_000


def inline_text(text: str) -> str:
    """Plain text from one line of inline Markdown (emphasis, code, links, escapes)."""
    if not re.search(r"[*_`\\\[<&]", text):
        return text
    if len(text) > INLINE_CHARS:
        return to_text(text)
    return to_text(markdown.markdown(text))


def _start(line: str, number: int) -> _Paper | None:
    """A new paper if ``line`` is a paper heading or a linked list item."""
    heading = _HEADING.match(line)
    if heading and len(heading.group(1)) >= 2:
        text = _NUMBER.sub("", heading.group(2))
        linked = _LINKED.match(text)
        if linked:
            return _Paper(inline_text(linked.group(1)), number, [linked.group(2)])
        return _Paper(inline_text(text), number)
    item = _ITEM.match(line)
    if item:
        paper = _Paper(inline_text(item.group(1)), number, [item.group(2)])
        if item.group(3).strip(" -–:"):
            paper.current.append(item.group(3).strip(" -–:"))
        return paper
    return None


class MarkdownList:
    """Importer for Markdown paper lists and digests."""

    name = "markdown"
    label = "Markdown paper list or digest"

    def detect(self, head: str) -> float:
        """Certain for several linked paper headings; likely for linked paper list items."""
        if any(marker in head.casefold() for marker in MARKERS):
            return 0.3  # the Hugging Face page saved as Markdown is hf-page's
        lines = head.splitlines()
        headings = sum(1 for line in lines if _LINK_IN_HEADING.match(line))
        items = sum(1 for line in lines if _ITEM.match(line))
        if headings >= 2:
            return 0.95
        if headings == 1 or items >= 3:
            return 0.75
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each paper heading or item with what follows it, up to the next one."""
        paper: _Paper | None = None
        for number, raw in source.lines():
            line = raw.rstrip()
            new = _start(line, number)
            heading = _HEADING.match(line)
            if new or (heading and len(heading.group(1)) == 1):
                yield from _finish(paper)
                paper = new
                continue
            if paper is None or _HTML_LINE.match(line):
                continue
            if not line.strip():
                paper.end_paragraph()
            else:
                paper.current.append(line.strip())
        yield from _finish(paper)


def _finish(paper: _Paper | None) -> Iterator[Record | Skip]:
    """The record for a finished paper, if it is one."""
    record = _record(paper) if paper else None
    if record is not None:
        yield record


def _record(paper: _Paper) -> Record | Skip | None:
    """The Record for a paper heading and its paragraphs."""
    paper.end_paragraph()
    if not paper.title:
        return Skip(paper.line, "a paper heading without a title.", refuses=False)  # page text
    authors: list[str] = []
    abstract = ""
    plain: list[str] = []
    keywords: list[str] = []
    for index, text in enumerate(paper.paragraphs):
        emphasised = _AUTHORS_EMPH.match(text)
        label = _LABEL.match(text)
        name = label.group(1).strip().casefold() if label else ""
        if index == 0 and emphasised and not authors:
            authors = [a.strip() for a in emphasised.group(1).split(",") if a.strip()]
        elif label and name in ("authors", "author", "by"):
            authors = [a.strip() for a in re.split(r",|\band\b", label.group(2)) if a.strip()]
        elif label and name in ABSTRACT_LABELS and not abstract:
            abstract = label.group(2)
        elif label and name in CATEGORY_LABELS:
            keywords.extend(k.strip() for k in label.group(2).split(",") if k.strip())
        elif not label:
            plain.append(text)
    if not abstract:
        long = [p for p in plain if len(p.split()) >= 10]
        abstract = max(long, key=len) if long else ""
    link = paper.links[0] if paper.links else ""
    if not (link or abstract or authors):
        return None  # a section heading ("## Vision"), not a paper
    return Record(
        title=paper.title,
        line=paper.line,
        abstract=inline_text(abstract),
        authors=[inline_text(a) for a in authors],
        arxiv_id=link if "arxiv.org/" in link or "huggingface.co/papers/" in link else None,
        doi=link if "doi.org/" in link else None,
        links=paper.links,
        keywords=keywords,
    )


IMPORTER = MarkdownList()

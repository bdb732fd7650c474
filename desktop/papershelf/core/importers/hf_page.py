"""The Hugging Face papers page, copied as text (Ctrl+A, Ctrl+C) or saved as Markdown.

No library reads this: it is whatever the browser puts on the clipboard. The page is a run of
paragraphs: navigation and page noise ("new", "Subscribe", "byAK and the research community",
"Mar 14"), then for each paper a title paragraph and an abstract paragraph, sometimes with
"N authors", "Submitted by", upvote counts, GitHub links, a title wrapped over two lines, the
same title twice, or Markdown ``### Title`` headings. We read it as paragraphs, drop the
noise, and pair each title with the abstract that follows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip
from papershelf.core.textutil import squash, title_key

MARKERS = (
    "byak and the research community",
    "get trending papers in your email inbox",
    "huggingface.co/papers",
    "submitted by",
    "daily papers",
    "trending papers",
)

NOISE_LINES = {
    "new",
    "subscribe",
    "get trending papers in your email inbox!",
    "trending papers",
    "byak and the research community",
    "daily papers",
    "upvote",
    "upvoted",
    "view paper",
    "github",
    "arxiv",
    "code",
    "paper",
    "project page",
    "models",
    "datasets",
    "spaces",
    "collections",
    "docs",
    "pricing",
    "log in",
    "sign up",
    "enterprise",
    "solutions",
    "community",
    "system theme",
    "website",
    "company",
    "tos",
    "privacy",
    "about",
    "jobs",
    "previous",
    "next",
    "search",
    "daily",
    "weekly",
    "monthly",
    "trending",
    "more",
}

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NOISE_PATTERNS = [
    re.compile(rf"^(?:published on\s+)?{_MONTH}\s+\d{{1,2}}(?:,?\s*\d{{4}})?$"),
    re.compile(r"^(?:·\s*)?submitted by\b.*$"),
    re.compile(r"^(?:·\s*)?\d[\d,]*\s+authors?$"),
    re.compile(r"^(?:·\s*)?[\d,.]+\s*[km]?(?:\s*(?:upvotes?|stars?|comments?))?$"),
    re.compile(r"^(?:upvote|·)\s*[\d,.]*[km]?$"),
    re.compile(r"^(?:·\s*)?\d+\s*(?:days?|hours?|minutes?)\s+ago$"),
]
_LINK_LINE = re.compile(r"^(?:\[LINK:\s*(\S+?)\s*\]|<?(https?://\S+?)>?)$", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_MD_LINK = re.compile(r"^\[(.+)\]\((\S+?)\)$")
_NAME = re.compile(r"^[A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,3}$")
_HTML_DOCUMENT = re.compile(r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.S)
_JSON_DOCUMENT = re.compile(r"^\ufeff?\s*(?:\{|\[\s*[{\[\"\d\]])")
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z(]")


# Signatures of formats other importers read; a page copy has none of them.
_FOREIGN = re.compile(
    r"^(?:\s*@\w+\s*[{(]|TY  - |PMID- |arXiv:\d|\s*<\?xml|\s*<!DOCTYPE|\s*<html|[{\[]\s*$|\{\"|"
    r"cff-version:|PT [JBSP]\s*$|FN |%[A-Z] |<\d+>\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_TAGGED = re.compile(r"^(?:[A-Z][A-Z0-9]\s{1,3}(?:-\s)?\S|\s*-?\s*[\w-]{1,30}:\s)", re.MULTILINE)


def _page_like(head: str) -> bool:
    """Without the page's own phrases: title/abstract pairs, and the page's noise or headings.

    Clean title/abstract text is the plain-text importer's; tagged or structured text
    (ISI, Ovid, refer, YAML, XML, CFF) is never a page copy.
    """
    if _FOREIGN.search(head) or len(_TAGGED.findall(head)) >= 3:
        return False
    blocks = [squash(b) for b in re.split(r"\n\s*\n", head) if b.strip()]
    pairs = sum(
        1
        for a, b in zip(blocks, blocks[1:], strict=False)
        if len(a) <= 300 and not _looks_like_abstract(a.lstrip("# ")) and _looks_like_abstract(b)
    )
    page_signs = any(_is_noise(squash(line)) for line in head.splitlines() if line.strip())
    return pairs >= 1 and (page_signs or bool(_HEADING_LINE.search(head)))


_HEADING_LINE = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)


def _is_noise(line: str) -> bool:
    low = line.casefold()
    return low in NOISE_LINES or any(p.match(low) for p in _NOISE_PATTERNS)


def _looks_like_abstract(text: str) -> bool:
    words = len(text.split())
    return (
        len(text) >= 250
        or len(_SENTENCE_END.findall(text)) >= 1
        and words >= 15
        or (text.endswith(".") and words >= 15)
    )


def _looks_like_authors(text: str) -> list[str] | None:
    parts = [p.strip() for p in re.split(r",|\band\b", text) if p.strip()]
    if len(parts) >= 2 and all(_NAME.match(p) for p in parts) and not text.endswith("."):
        return parts
    return None


@dataclass
class _Paragraph:
    line: int
    lines: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    heading: bool = False

    @property
    def text(self) -> str:
        return squash(" ".join(self.lines))


def paragraphs(source: Source, is_noise: Callable[[str], bool] = _is_noise) -> Iterator[_Paragraph]:
    """Blank-line separated paragraphs with noise lines dropped and link lines set aside."""
    current: _Paragraph | None = None
    for number, raw in source.lines():
        line = squash(raw)
        if not line:
            if current and (current.lines or current.links):
                yield current
            current = None
            continue
        heading = _HEADING.match(line)
        if heading:
            if current and (current.lines or current.links):
                yield current
            current = _Paragraph(number, heading=True)
            line = heading.group(1)
            md_link = _MD_LINK.match(line)
            if md_link:
                line = md_link.group(1)
                current.links.append(md_link.group(2))
            current.lines.append(line)
            yield current
            current = None
            continue
        if current is None:
            current = _Paragraph(number)
        link = _LINK_LINE.match(line)
        if link:
            current.links.append(link.group(1) or link.group(2))
        elif not is_noise(line):
            if not current.lines:
                current.line = number
            current.lines.append(line)
    if current and (current.lines or current.links):
        yield current


class HuggingFacePage:
    """Importer for the trending / daily papers page copied as text or Markdown."""

    name = "hf-page"
    label = "Hugging Face papers page"

    def detect(self, head: str) -> float:
        """Certain when the page's own phrases are present; likely for title/abstract pairs."""
        low = head.casefold()
        if _HTML_DOCUMENT.match(low) or _JSON_DOCUMENT.match(low):
            return 0.0  # the page saved as HTML is hf_html's; scraped JSON is json_papers'
        if any(marker in low for marker in MARKERS):
            return 0.95
        return 0.6 if _page_like(head) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Pair each title with the abstract after it; links and author lines join the paper."""
        yield from pair_titles(paragraphs(source))


def pair_titles(paras: Iterable[_Paragraph]) -> Iterator[Record | Skip]:
    """Pair each title paragraph with the abstract after it; links and author lines join it."""
    pending: Record | None = None
    done: Record | None = None
    for para in paras:
        text = para.text
        if not text:  # only links: they belong to the paper being read
            target = pending or done
            if target:
                target.links.extend(para.links)
            continue
        if pending and not para.heading:
            if title_key(text) == title_key(pending.title):
                pending.links.extend(para.links)
                continue
            authors = _looks_like_authors(text)
            if authors and not pending.authors:
                pending.authors = authors
                continue
            if _looks_like_abstract(text):
                pending.abstract = text
                pending.links.extend(para.links)
                if done:
                    yield done
                done, pending = pending, None
                continue
        if pending:
            yield from _orphan(pending)
            pending = None
        if para.heading or not _looks_like_abstract(text):
            pending = Record(title=text, line=para.line, links=list(para.links))
        elif len(para.lines) > 1 and not _looks_like_abstract(para.lines[0]):
            title, body = para.lines[0], squash(" ".join(para.lines[1:]))
            if done:
                yield done
            done = Record(title=title, line=para.line, abstract=body, links=list(para.links))
        else:
            yield Skip(para.line, "an abstract with no title before it; add the title above it")
    if done:
        yield done
    if pending:
        yield from _orphan(pending)


def _orphan(record: Record) -> Iterator[Skip]:
    """A title-like line with no abstract: page text unless it reads like a real title."""
    if len(record.title.split()) >= 4:
        yield Skip(record.line, f"“{record.title[:70]}” has no abstract after it")


IMPORTER = HuggingFacePage()

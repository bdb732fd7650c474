"""An arXiv listing page (``arxiv.org/list/cs.CL/new``, ``/recent``) copied or saved as text.

What the browser copies (or a converter writes) of a listing is page text: the page's menus and
paging, a day heading, then for each paper ``[1] arXiv:2501.00001 [pdf, html, other]``, a
``Title:`` line, the authors, ``Comments:``, ``Subjects:`` and, on "new" pages, the abstract.
Converters put a label and its value on separate lines and turn the names into links; copies
keep them on one line. The capture is read into lines by ``page_units`` (Markdown or plain, as
for any page) and each entry is read from its labels here; everything else is furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.arxiv import split_authors
from papershelf.core.importers.hf_page import read_capture
from papershelf.core.importers.page_lines import joined_lines
from papershelf.core.importers.page_units import PageContext, Unit
from papershelf.core.importers.source import Source
from papershelf.core.records import Furniture, Record, Skip

_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ENTRY = re.compile(rf"^(?:\[\d+\]\s*)?\[?\s*arXiv:{_ID}\b")
_HTML_DOCUMENT = re.compile(
    r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_ENTRY_ID = re.compile(r"\barXiv:\d{4}\.\d{4,5}")
_LABEL = re.compile(
    r"^\W{0,4}(Title|Authors?|Comments?|Subjects?|Journal-ref|DOI|Report-no|MSC-class|ACM-class"
    r"|Abstract):\s*(.*)$"
)
_DAY = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})",
    re.IGNORECASE,
)
_SECTION = re.compile(
    r"^(?:new submissions|cross[- ]?(?:submissions|lists)|replacement(?:s| submissions))\b"
    r"|\(showing (?:first )?\d+ of \d+ entries\s*\)|^total of \d+ entries\b",
    re.IGNORECASE,
)
_CATEGORY = re.compile(r"\(([a-z\-]+(?:\.[A-Za-z\-]+)?)\)")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al"}
_AUTHOR_LINK = re.compile(r"arxiv\.org/(?:a/|search/.*searchtype=author)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class _Entry:
    ident: str
    line: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)
    listed: str | None = None


class ArxivPage:
    """Importer for arXiv listing pages copied from a browser or converted to text."""

    name = "arxiv-page"
    label = "arXiv listing page"

    def detect(self, head: str) -> float:
        """Certain for ``arXiv:ID`` entry lines with ``Title:`` labels and no mailing rules."""
        if re.search(r"(?m)^\\\\\s*$", head) or _HTML_DOCUMENT.match(head):
            return 0.0  # the mailing format (``\\`` rules) and saved HTML have importers
        entries = len(_ENTRY_ID.findall(head))
        labelled = re.search(r"\bTitle:", head) is not None
        if entries >= 2 and labelled and re.search(r"\bSubjects:|\bpdf\b", head):
            return 0.9
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip | Furniture]:
        """Each entry of the listing; menus, paging and headings are furniture."""
        yield from read_capture(source, reader=read_listing, base="https://arxiv.org")


def read_listing(
    units: Sequence[Unit], context: PageContext | None = None
) -> Iterator[Record | Skip | Furniture]:
    """The entries of a listing page's lines, with its furniture, in page order; an entry
    listed twice (a page pasted twice) once."""
    seen: set[str] = set()
    for item in _entries(units, context or PageContext()):
        if isinstance(item, Record) and item.arxiv_id:
            if item.arxiv_id in seen:
                continue
            seen.add(item.arxiv_id)
        yield item


def _block_texts(units: Sequence[Unit]) -> dict[int, str]:
    """Each block's text, its units' texts joined once (adding each to the text so far was
    quadratic: 39 s for a 2 MB page of one block)."""
    parts: dict[int, list[str]] = {}
    for unit in units:
        parts.setdefault(unit.block, []).append(unit.text)
    return {block: " ".join(t for t in texts if t).strip() for block, texts in parts.items()}


def _entries(units: Sequence[Unit], context: PageContext) -> Iterator[Record | Skip | Furniture]:
    entry: _Entry | None = None
    label: str | None = None
    listed: str | None = None
    last: Unit | None = None
    width = None if context.markdown else wrap_width([u.width for u in units])
    blocks = context.markdown or _fields_in_blocks(units)
    block_text = _block_texts(units)
    for unit in units:
        text = unit.text
        ident = _entry_id(unit)
        day = _DAY.match(text)
        if ident or day or _SECTION.search(text):
            if entry is not None:
                yield _finish(entry)
            entry, label = (_Entry(ident, unit.line, listed=listed) if ident else None), None
            if day:
                listed = _day(day)
            if not ident:
                yield Furniture(unit.line, text)
            continue
        labelled = _LABEL.match(text)
        if entry is None:
            if text or unit.links:
                yield Furniture(unit.line, text, unit.lines)
        elif labelled:
            label = labelled.group(1).rstrip("s") if labelled.group(1) != "Subjects" else "Subject"
            entry.fields.setdefault(label, [])
            if labelled.group(2):
                entry.fields[label].append(labelled.group(2))
        elif (
            label
            and label != "Abstract"
            and _value_goes_on(entry, label, last, unit, width, blocks)
        ):
            entry.fields[label].append(text)  # a label's value, on the next line(s)
        elif "Title" in entry.fields and "Author" not in entry.fields and _names(unit):
            label = "Author"
            entry.fields["Author"] = [text]
        elif entry.abstract and label == "Abstract" and _goes_on(last, unit, width, blocks):
            entry.abstract[-1] = joined_lines([entry.abstract[-1], text])  # a wrapped line
        elif text and not entry.abstract and signals.is_prose(_own_text(unit, last, block_text)):
            entry.abstract.append(text)  # the abstract, after the subjects: one paragraph
            label = "Abstract"
        elif text or unit.links:
            label = None
            yield Furniture(unit.line, text, unit.lines)
        last = unit
    if entry is not None:
        yield _finish(entry)


def _own_text(unit: Unit, last: Unit | None, block_text: dict[int, str]) -> str:
    """A line's text, or its whole block's when it starts a block of its own (a wrapped
    abstract after a blank line)."""
    starts = last is None or unit.block != last.block
    return block_text.get(unit.block, unit.text) if starts else unit.text


def _value_goes_on(
    entry: _Entry, label: str, last: Unit | None, unit: Unit, width: int | None, blocks: bool
) -> bool:
    """Whether a line is (more of) the value of the label before it."""
    if not entry.fields[label]:  # "Title:" alone on its line: the title is on the next
        return not _authors_next(entry, label, unit) or blocks
    return _goes_on(last, unit, width, blocks) and (blocks or not _authors_next(entry, label, unit))


def wrap_width(widths: list[int]) -> int | None:
    """The width a text browser or converter wrapped plain text at; None if it did not wrap.

    Wrapped text has many of its long lines just short of one width; a copy from a browser
    has lines of every length.
    """
    lengths = [n for n in widths if n >= 40]
    if len(lengths) < 10 or max(lengths) > 160:
        return None
    widest = max(lengths)
    near = sum(n >= 0.85 * widest for n in lengths)
    return widest if near >= 0.3 * len(lengths) else None


def _fields_in_blocks(units: Sequence[Unit]) -> bool:
    """Whether the page puts each field in a block of its own (blank lines between, as lynx
    and Markdown converters do), so that lines of one block are one field."""
    starts = [  # the fields after the title's: its own line may follow the entry's number
        n
        for n, unit in enumerate(units)
        if n and (label := _LABEL.match(unit.text)) and label.group(1) not in ("Title", "Abstract")
    ]
    apart = sum(units[n].block != units[n - 1].block for n in starts)
    return bool(starts) and apart >= 0.8 * len(starts)


def _goes_on(last: Unit | None, unit: Unit, width: int | None, blocks: bool) -> bool:
    """Whether ``unit`` goes on with the value on the line before it (a wrapped title).

    Where fields have blocks of their own, the lines of a block do. In plain text wrapped at
    a width with no blank lines (w3m), a line does when its first word would not have fitted
    on the line before: the wrapper moved it there.
    """
    if last is None or unit.block != last.block or unit.line != last.line + last.lines:
        return False
    if blocks:
        return True
    first_word = unit.text.split(" ", 1)[0]
    return width is not None and last.width + 1 + len(first_word) > width


def _entry_id(unit: Unit) -> str:
    """The arXiv id an entry's first line names ("[1] arXiv:2501.00001 [pdf, other]")."""
    match = _ENTRY.match(unit.text)
    return match.group(1) if match else ""


def _names(unit: Unit) -> bool:
    """Whether a line is the entry's authors: linked to author searches, or a list of names
    (short parts whose words are capitalised, as "Michael J. Cho" or "Hai "Helen" Li" are)."""
    if any(_AUTHOR_LINK.search(link) for link in unit.links):
        return True
    parts = [p.strip() for p in re.split(r",| and ", unit.text) if p.strip()]
    words = [w.strip("\"'(") for p in parts for w in p.split()]
    capitalised = sum(w[:1].isupper() or w.casefold() in _PARTICLES for w in words if w)
    return (
        bool(parts)
        and all(len(p.split()) <= 6 for p in parts)
        and capitalised >= 0.9 * len(words)
        and not _LABEL.match(unit.text)
    )


def _authors_next(entry: _Entry, label: str, unit: Unit) -> bool:
    """Whether a line after a wrapped-looking title line is the authors, not more title: in
    plain text with no blank lines (w3m), names between commas ("Duong Nguyen, Nicolas
    Chesneau, Milan Bhan") that no title goes on with."""
    if label != "Title" or "Author" in entry.fields:
        return False
    if any(_AUTHOR_LINK.search(link) for link in unit.links):
        return True
    parts = [p.strip() for p in unit.text.split(",") if p.strip()]
    return (
        len(parts) >= 2
        and _names(unit)
        and ":" not in unit.text
        and all(2 <= len(p.split()) <= 4 for p in parts[:-1])
    )


def _day(match: re.Match[str]) -> str | None:
    try:
        month = _MONTHS.index(match.group(2)[:3].lower()) + 1
        return date(int(match.group(3)), month, int(match.group(1))).isoformat()
    except ValueError:
        return None


def _finish(entry: _Entry) -> Record | Skip:
    """The Record for an entry; a Skip (listed, not refusing) when it has no title."""
    title = joined_lines(entry.fields.get("Title", []) or [""])
    if not title:
        return Skip(entry.line, f"arXiv:{entry.ident} has no title on the page", False)
    subjects = joined_lines(entry.fields.get("Subject", []) or [""])
    doi = " ".join(entry.fields.get("DOI", [])).split(" ")[0] or None
    abstract = entry.abstract or entry.fields.get("Abstract", [])
    return Record(
        title=title,
        line=entry.line,
        abstract="\n\n".join(abstract),
        authors=split_authors(joined_lines(entry.fields.get("Author", []) or [""])),
        arxiv_id=entry.ident,
        doi=doi,
        venue=" ".join(entry.fields.get("Journal-ref", [])) or None,
        keywords=list(dict.fromkeys(_CATEGORY.findall(subjects))),
        links=[f"https://arxiv.org/abs/{entry.ident}"],
        listed=entry.listed,
    )


IMPORTER = ArxivPage()

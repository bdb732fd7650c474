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
from papershelf.core.importers.page_reader import PageContext
from papershelf.core.importers.page_units import Unit
from papershelf.core.importers.source import Source
from papershelf.core.records import Furniture, Record, Skip

_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ENTRY = re.compile(rf"^(?:\[\d+\]\s*)?arXiv:{_ID}\b")
_ENTRY_LINE = re.compile(rf"(?m)^\W{{0,3}}(?:\[\d+\]\s*)?\[?arXiv:{_ID}")
_LABEL = re.compile(
    r"^(Title|Authors?|Comments?|Subjects?|Journal-ref|DOI|Report-no|MSC-class|ACM-class"
    r"|Abstract):\s*(.*)$"
)
_DAY = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})",
    re.IGNORECASE,
)
_CATEGORY = re.compile(r"\(([a-z\-]+(?:\.[A-Za-z\-]+)?)\)")
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
        if re.search(r"(?m)^\\\\\s*$", head):
            return 0.0  # ``\\`` separators: the mailing format (arxiv-listing)
        entries = len(_ENTRY_LINE.findall(head))
        labelled = re.search(r"(?m)^\W{0,3}Title:", head) is not None
        if entries >= 1 and labelled and ("Subjects:" in head or "[pdf" in head.casefold()):
            return 0.9
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip | Furniture]:
        """Each entry of the listing; menus, paging and headings are furniture."""
        yield from read_capture(source, reader=read_listing)


def read_listing(
    units: Sequence[Unit], context: PageContext | None = None
) -> Iterator[Record | Skip | Furniture]:
    """The entries of a listing page's lines, with its furniture, in page order."""
    entry: _Entry | None = None
    label: str | None = None
    listed: str | None = None
    last_block = -1
    for unit in units:
        text = unit.text
        ident = _entry_id(unit)
        day = _DAY.match(text)
        if ident or day:
            if entry is not None:
                yield _finish(entry)
            entry, label = (_Entry(ident, unit.line, listed=listed) if ident else None), None
            if day:
                listed = _day(day)
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
        elif label and (unit.block == last_block or not entry.fields[label]):
            entry.fields[label].append(text)  # a label's value, on its line or the next ones
        elif "Title" in entry.fields and "Author" not in entry.fields and _names(unit):
            entry.fields["Author"] = [text]
        elif signals.is_prose(text):
            label = None
            entry.abstract.append(text)
        elif text or unit.links:
            label = None
            yield Furniture(unit.line, text, unit.lines)
        last_block = unit.block
    if entry is not None:
        yield _finish(entry)


def _entry_id(unit: Unit) -> str:
    """The arXiv id an entry's first line names ("[1] arXiv:2501.00001 [pdf, other]")."""
    match = _ENTRY.match(unit.text)
    return match.group(1) if match else ""


def _names(unit: Unit) -> bool:
    """Whether a line is the entry's authors: linked to author searches, or a list of names."""
    if any(_AUTHOR_LINK.search(link) for link in unit.links):
        return True
    parts = [p.strip() for p in re.split(r",| and ", unit.text) if p.strip()]
    return (
        bool(parts)
        and all(len(p.split()) <= 6 and not re.search(r"[.!?:;]$", p) for p in parts)
        and not signals.is_prose(unit.text)
    )


def _day(match: re.Match[str]) -> str | None:
    try:
        month = _MONTHS.index(match.group(2)[:3].lower()) + 1
        return date(int(match.group(3)), month, int(match.group(1))).isoformat()
    except ValueError:
        return None


def _finish(entry: _Entry) -> Record | Skip:
    """The Record for an entry; a Skip (listed, not refusing) when it has no title."""
    title = " ".join(entry.fields.get("Title", []))
    if not title:
        return Skip(entry.line, f"arXiv:{entry.ident} has no title on the page", False)
    subjects = " ".join(entry.fields.get("Subject", []))
    doi = " ".join(entry.fields.get("DOI", [])).split(" ")[0] or None
    abstract = entry.abstract or entry.fields.get("Abstract", [])
    return Record(
        title=title,
        line=entry.line,
        abstract="\n\n".join(abstract),
        authors=split_authors(" ".join(entry.fields.get("Author", []))),
        arxiv_id=entry.ident,
        doi=doi,
        venue=" ".join(entry.fields.get("Journal-ref", [])) or None,
        keywords=list(dict.fromkeys(_CATEGORY.findall(subjects))),
        links=[f"https://arxiv.org/abs/{entry.ident}"],
        listed=entry.listed,
    )


IMPORTER = ArxivPage()

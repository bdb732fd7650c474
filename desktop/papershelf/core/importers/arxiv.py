"""arXiv's own text formats: the daily "new submissions" mailing / listing, and ``.abs`` files.

Both write each paper as a ``\\\\`` line, an ``arXiv:ID`` line, ``Title:``, ``Authors:``,
``Categories:``, ``Comments:``, ``Journal-ref:``, ``DOI:`` header fields (continued on lines
indented by two spaces), then the abstract between two ``\\\\`` lines; replaced papers in a
mailing have no abstract, only ``\\\\ ( https://arxiv.org/abs/ID , 829kb)``. No library reads
this format (arXiv's own arxiv-browse parses it inside its web app), so it is read by hand.
Titles and abstracts carry LaTeX, turned into Unicode by ``latex.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from papershelf.core.importers.source import Source
from papershelf.core.latex import latex_to_text
from papershelf.core.records import Record, Skip

_ID_LINE = re.compile(r"^(?:arXiv:|Paper(?: \(\*cross-listing\*\))?: )(\S+)")
_FIELD = re.compile(r"^([A-Z][A-Za-z-]*(?: \([^)]*\))?):\s?(.*)$")
_SEPARATOR = re.compile(r"^\\\\(?:\s*\(\s*(\S+)\s*,.*\))?\s*$")
_HEAD_ID = re.compile(r"^arXiv:(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.MULTILINE)
_NEW_ID_YEAR = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}")
_OLD_ID_YEAR = re.compile(r"/(\d{2})(\d{2})\d{3}")


@dataclass
class _Paper:
    ident: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)
    link: str | None = None


class ArxivListing:
    """Importer for arXiv mailings, listings and ``.abs`` metadata files."""

    name = "arxiv-listing"
    label = "arXiv mailing / listing / .abs"

    def detect(self, head: str) -> float:
        """Certain for ``arXiv:ID`` lines with ``Title:`` and ``\\\\`` separators."""
        if _HEAD_ID.search(head) and "\nTitle:" in head and "\\\\" in head:
            return 0.95
        if "\nTitle:" in head and "\nAuthors:" in head and "\nCategories:" in head:
            return 0.7
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each paper of the listing, with or without an abstract."""
        paper: _Paper | None = None
        state = "outside"  # outside -> header -> abstract -> outside
        previous = ""
        last = ""
        for number, line in source.lines():
            separator = _SEPARATOR.match(line)
            ident = _ID_LINE.match(line)
            if ident and _SEPARATOR.match(previous):
                if paper:
                    yield _finish(paper, complete=state == "outside")
                paper, state = _Paper(ident.group(1), number), "header"
            elif paper and state == "header" and separator:
                paper.link = separator.group(1) or paper.link
                state = "outside" if separator.group(1) else "abstract"
            elif paper and state == "header":
                last = _header_line(paper, line, last)
            elif paper and state == "abstract":
                if separator:
                    paper.link = separator.group(1) or paper.link
                    state = "outside"
                else:
                    paper.abstract.append(line)
            previous = line
        if paper:
            yield _finish(paper, complete=state == "outside")


def _header_line(paper: _Paper, line: str, last: str) -> str:
    """Store one header line (a field or a continuation); return the field being read."""
    match = _FIELD.match(line)
    if match and not line.startswith(" "):
        name = match.group(1)
        paper.fields.setdefault(name, match.group(2).strip())
        return name
    if line.startswith(" ") and last in paper.fields and line.strip():
        paper.fields[last] += " " + line.strip()
    return last


def _finish(paper: _Paper, complete: bool) -> Record | Skip:
    """The Record for a paper, or a Skip when it has no title or breaks off mid-abstract."""
    title = paper.fields.get("Title", "")
    if not title:
        return Skip(paper.line, f"arXiv:{paper.ident} has no Title: line; it cannot be a paper")
    if not complete:
        return Skip(paper.line, f"arXiv:{paper.ident} breaks off before its closing \\\\ line")
    year, date = _year_and_date(paper)
    categories = paper.fields.get("Categories", "").split()
    return Record(
        title=latex_to_text(title),
        line=paper.line,
        abstract=latex_to_text("\n".join(paper.abstract).strip()),
        authors=split_authors(paper.fields.get("Authors", "")),
        year=year,
        date=date,
        venue=paper.fields.get("Journal-ref") or None,
        doi=(paper.fields.get("DOI") or "").split(" ")[0] or None,
        arxiv_id=paper.ident,
        links=[paper.link or f"https://arxiv.org/abs/{paper.ident}"],
        keywords=categories,
    )


def split_authors(value: str) -> list[str]:
    """Names from an arXiv author line: commas and "and", affiliations in brackets dropped."""
    collaboration = []
    head, colon, rest = value.partition(": ")
    if colon and "," not in head:  # "The CMS and LHCb Collaborations: V. Khachatryan, ..."
        collaboration, value = [head.strip()], rest
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for char in value:
        depth += (char == "(") - (char == ")")
        if depth == 0 and char == ",":
            names.append("".join(current))
            current = []
        elif depth == 0 and char != ")":
            current.append(char)
    names.append("".join(current))
    split = [p for n in names for p in re.split(r"(?:^|\s)and\s", n)]
    return collaboration + [latex_to_text(n.strip()) for n in split if n.strip()]


def _year_and_date(paper: _Paper) -> tuple[int | None, str | None]:
    """The first-version date from ``Date:``, else the year the identifier encodes."""
    raw = paper.fields.get("Date", "").split("(")[0].strip()
    try:
        when = parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        when = None
    if when:
        return when.year, when.date().isoformat()
    match = _NEW_ID_YEAR.match(paper.ident) or _OLD_ID_YEAR.search(paper.ident)
    if not match:
        return None, None
    yy = int(match.group(1))
    return (2000 + yy if yy < 91 else 1900 + yy), None


IMPORTER = ArxivListing()

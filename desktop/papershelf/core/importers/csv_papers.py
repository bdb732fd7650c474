"""CSV exports of papers from Zotero, Scopus, IEEE Xplore, Springer Link and the like.

The stdlib ``csv`` module reads the rows (quoted newlines, doubled quotes), streaming; the
encoding and BOM are handled by ``Source``. What differs between exports is the column names
("Title", "Document Title", "Item Title"; "Abstract", "Abstract Note"; "Year", "Publication
Year"...), mapped here to Record fields, and how authors are joined: ``;`` (IEEE, Zotero),
``,`` (Scopus) or not at all (Springer runs the names together: "A. SmithB. Jones").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from papershelf.core.errors import ImportRefused
from papershelf.core.importers.markup import to_text
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip

COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "document title", "item title", "article title", "primary title", "ti"),
    "abstract": ("abstract", "abstract note", "abstractnote", "summary", "ab", "description"),
    "authors": ("authors", "author", "author(s)", "author full names", "creators", "au"),
    "year": ("year", "publication year", "py", "pubyear"),
    "date": ("date", "publication date", "online date", "issued", "pd"),
    "doi": ("doi", "item doi", "di"),
    "venue": (
        "source title",
        "publication title",
        "journal",
        "journal title",
        "venue",
        "container title",
        "so",
    ),
    "url": ("url", "link", "pdf link", "ur"),
    "keywords": ("author keywords", "keywords", "manual tags", "de"),
    "pmid": ("pubmed id", "pmid"),
    "arxiv": ("arxiv id", "arxiv"),
}
_DELIMITERS = ",;\t"
_LINE_END = re.compile(r"\r\n?|\n")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?")
# Springer runs names together: a lower-case letter or period directly followed by a capital.
_RUN_TOGETHER = re.compile(r"(?<=[a-z\u00df-\u00ff’'])(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff.])")
# What exporters write in an empty abstract cell.
_NO_ABSTRACT = {"[no abstract available]", "no abstract available", "n/a", "none"}
_PREFIXES = ("Mc", "Mac", "De", "Di", "Le", "La", "Van", "Von", "O'", "O’")


def _normal(name: str) -> str:
    return " ".join(name.strip().lstrip("\ufeff").strip('"').casefold().split())


def _header(head: str) -> tuple[str, list[str]] | None:
    """The delimiter and column names of the first line, if it reads as a CSV header."""
    # Pasted text keeps its line endings: a lone "\r" ends the line too (csv rejects it).
    first = _LINE_END.split(head.lstrip("\ufeff"), maxsplit=1)[0]
    best: tuple[str, list[str]] | None = None
    for delimiter in _DELIMITERS:
        try:
            row = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(row) >= 2 and (best is None or len(row) > len(best[1])):
            best = (delimiter, row)
    return best


def column_map(names: list[str]) -> dict[str, int]:
    """Which column holds each Record field (the first matching column wins)."""
    normal = [_normal(n) for n in names]
    found: dict[str, int] = {}
    for field_name, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in normal:
                found[field_name] = normal.index(candidate)
                break
    return found


class CsvPapers:
    """Importer for CSV (or semicolon / tab separated) paper exports."""

    name = "csv"
    label = "CSV export (Zotero, Scopus, IEEE Xplore, Springer)"

    def detect(self, head: str) -> float:
        """Certain when the header has a title column and two other paper columns."""
        header = _header(head)
        if header is None:
            return 0.0
        found = column_map(header[1])
        if "title" not in found:
            return 0.0
        others = len(found.keys() & {"abstract", "authors", "year", "doi", "venue", "date"})
        return 0.95 if others >= 2 else 0.7 if others == 1 else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each row with a title as a Record, streaming."""
        header = _header(source.head)
        if header is None:
            raise ImportRefused(source.name, "the first line is not a CSV header row.", 1)
        delimiter, names = header
        columns = column_map(names)
        if "title" not in columns:
            raise ImportRefused(source.name, "no title column in the CSV header row.", 1)
        springer = "item title" in {_normal(n) for n in names}
        with source.open() as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                next(reader, None)
            except csv.Error as exc:  # a header cell past the csv module's field limit
                raise ImportRefused(
                    source.name, f"the header row cannot be read as CSV ({exc}).", 1
                ) from None
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield Skip(start, f"this row cannot be read as CSV ({exc}).")
                    continue
                if any(cell.strip() for cell in row):
                    yield _record(row, columns, start, springer)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def split_authors(value: str, run_together: bool = False) -> list[str]:
    """Author names from one cell: split on ';', else on ',', else at run-together names."""
    if not value:
        return []
    if ";" in value:
        return [a.strip() for a in value.split(";") if a.strip()]
    if run_together:
        return _split_run_together(value)
    return [a.strip() for a in value.split(",") if a.strip()]


def _split_run_together(value: str) -> list[str]:
    """Springer's "A. SmithB. Jones" as two names, keeping "McDonald" whole."""
    parts: list[str] = []
    for piece in _RUN_TOGETHER.split(value):
        if parts and parts[-1].split()[-1] in _PREFIXES:
            parts[-1] += piece
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def _abstract(value: str) -> str:
    """The abstract cell as plain text; exporters' placeholders count as no abstract."""
    return "" if value.casefold() in _NO_ABSTRACT else to_text(value)


def _record(row: list[str], columns: dict[str, int], line: int, springer: bool) -> Record | Skip:
    """The Record for one row."""
    title = to_text(_cell(row, columns, "title"))
    if not title:
        return Skip(line, "a row without a title.")
    year_match = _YEAR.search(_cell(row, columns, "year") or _cell(row, columns, "date"))
    date_match = _ISO_DATE.match(_cell(row, columns, "date"))
    url = _cell(row, columns, "url")
    keywords = _cell(row, columns, "keywords")
    return Record(
        title=title,
        line=line,
        abstract=_abstract(_cell(row, columns, "abstract")),
        authors=split_authors(_cell(row, columns, "authors"), springer),
        year=int(year_match.group(1)) if year_match else None,
        date=date_match.group(0) if date_match else None,
        venue=to_text(_cell(row, columns, "venue")) or None,
        doi=_cell(row, columns, "doi") or None,
        arxiv_id=_cell(row, columns, "arxiv") or None,
        pmid=_cell(row, columns, "pmid") or None,
        links=[url] if url.startswith(("http://", "https://")) else [],
        keywords=[k.strip() for k in re.split(r"[;,]", keywords) if k.strip()],
    )


IMPORTER = CsvPapers()

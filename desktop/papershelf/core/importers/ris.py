"""RIS exports (``TY  - JOUR`` ... ``ER  -``) from Zotero, EndNote, Scopus, IEEE Xplore, WoS.

rispy maps tags to names and joins continuation lines, but it reads a whole file, gives no
line numbers and silently drops a record that never reaches ``ER``. So we cut the stream into
records here (keeping the line each ``TY`` is on) and hand rispy one record at a time. Line
endings (CRLF, a stray CR before ``TY``) are already normalised by ``Source``; a BOM may remain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rispy import RisParser

from papershelf.core.importers.names import first_last
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
_HEAD_TY = re.compile(r"^\ufeff?[ \t]*TY  - ", re.MULTILINE)
_HEAD_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ", re.MULTILINE)
_YEAR = re.compile(r"\b(\d{4})\b")
_RIS_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?")
_PARSER = RisParser(enforce_list_tags=True)


class Ris:
    """Importer for RIS files."""

    name = "ris"
    label = "RIS"

    def detect(self, head: str) -> float:
        """Certain with a ``TY  -`` line among RIS tag lines; unsure for tags without one."""
        tags = len(_HEAD_TAG.findall(head))
        if _HEAD_TY.search(head) and tags >= 2:
            return 0.95
        if "\nER  -" in head and tags >= 3:
            return 0.6
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each ``TY``...``ER`` record with a title; unterminated or title-less ones as Skips."""
        start = 0
        lines: list[str] = []
        stray = 0
        for number, raw in source.lines():
            line = raw.lstrip("\ufeff") if number == 1 else raw
            tag = _TAG.match(line)
            name = tag.group(1) if tag else None
            if name == "TY":
                if lines:
                    yield Skip(
                        start, "this record has no ER line before the next TY; it is cut off"
                    )
                elif stray:
                    yield Skip(stray, "tags without a TY line before them; not a record")
                start, lines, stray = number, [line], 0
            elif name == "ER":
                if lines:
                    yield _record(lines, start)
                else:
                    yield Skip(stray or number, "tags without a TY line before them; not a record")
                lines, stray = [], 0
            elif lines:
                lines.append(line)
            elif name and not stray:
                stray = number
        if lines:
            yield Skip(start, "the file ends inside this record (no ER line); it is cut off")


def _record(lines: list[str], line: int) -> Record | Skip:
    """A Record from one record's lines (``TY`` first, without ``ER``)."""
    fields = _PARSER.parse_lines(iter([*lines, "ER  - "]))[0]
    title = _first(fields, "title", "primary_title", "short_title") or ""
    if not title.strip():
        return Skip(line, "this record has no title (TI or T1); it cannot be a paper")
    urls = fields.get("urls", [])
    year, date = _year_and_date(fields)
    return Record(
        title=title,
        line=line,
        abstract=_first(fields, "abstract", "notes_abstract") or "",
        authors=[
            first_last(a) for a in [*fields.get("first_authors", []), *fields.get("authors", [])]
        ],
        year=year,
        date=date,
        venue=_first(
            fields, "alternate_title3", "journal_name", "secondary_title", "alternate_title2"
        ),
        doi=fields.get("doi") or next((u for u in urls if "doi.org/" in u), None),
        arxiv_id=next((u for u in urls if "arxiv.org/" in u), None),
        links=urls,
        keywords=fields.get("keywords", []),
    )


def _first(fields: dict, *names: str) -> str | None:
    """The first non-empty value among ``names``."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, list):
            value = " ".join(value)
        if value and str(value).strip():
            return str(value)
    return None


def _year_and_date(fields: dict) -> tuple[int | None, str | None]:
    """Year from PY/Y1/DA; an ISO date when one of them is a full ``YYYY/MM/DD``."""
    year = None
    for value in (fields.get(k) for k in ("year", "publication_year", "date")):
        if not isinstance(value, str):
            continue
        full = _RIS_DATE.match(value.strip())
        if (
            full
            and full.group(3)
            and 1 <= int(full.group(2)) <= 12
            and 1 <= int(full.group(3)) <= 31
        ):
            y, m, d = full.groups()
            return int(y), f"{y}-{int(m):02d}-{int(d):02d}"
        found = _YEAR.search(value)
        if found and year is None:
            year = int(found.group(1))
    return year, None


IMPORTER = Ris()

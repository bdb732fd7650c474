"""PubMed's MEDLINE text format (``.nbib``, "Send to: Citation manager", ``format=medline``).

Each record is a run of ``TAG - value`` lines (tags padded to four characters: ``PMID-``,
``TI  -``, ``AB  -``, ``FAU -``) with values wrapped onto continuation lines indented by six
spaces, and a blank line between records. No maintained library reads it (Biopython's
Medline parser needs all of Biopython), and the format is a dozen lines of code, so it is
read by hand here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papershelf.core.importers.names import first_last
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip

_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")
_PMID = re.compile(r"^PMID- *\d", re.MULTILINE)
_SPECIFIC = re.compile(r"^(?:FAU |PHST|AID |LID |JT  |DP  |OWN |STAT|MH  )-", re.MULTILINE)
_RIS_TY = re.compile(r"^TY  - ", re.MULTILINE)
_DATE = re.compile(r"^(\d{4})(?:\s+([A-Za-z]{3})[a-z]*(?:\s+(\d{1,2}))?)?")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


class Medline:
    """Importer for MEDLINE / nbib text."""

    name = "medline"
    label = "PubMed MEDLINE (.nbib)"

    def detect(self, head: str) -> float:
        """Certain with a ``PMID-`` line; likely with several MEDLINE-only tags and no RIS TY."""
        if _RIS_TY.search(head):
            return 0.0
        if _PMID.search(head):
            return 0.95
        return 0.7 if len(set(_SPECIFIC.findall(head))) >= 2 else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each blank-line separated record with a title; others as Skips.

        A record longer than ``MAX_RECORD`` characters (a file with no blank line, a value
        wrapped onto millions of lines) is skipped to its end, not held.
        """
        record = _Held()
        skipping = False
        for number, line in source.lines():
            if not line.strip():
                yield from record.emit()
                record, skipping = _Held(), False
                continue
            if skipping:
                continue
            tag = _TAG.match(line)
            if tag:
                if tag.group(1) == "PMID" and record.has_pmid:
                    yield from record.emit()  # a new record without a blank line before it
                    record = _Held()
                record.add(number, tag.group(1), tag.group(2) or "")
            elif record.fields:  # a continuation line (indented by six spaces)
                record.extend(line)
            else:
                yield Skip(number, "text outside any record (it starts with no MEDLINE tag)")
                record.add(number, "", line)
            if record.size > MAX_RECORD:
                yield Skip(
                    record.start,
                    f"this record is longer than {MAX_RECORD:,} characters, which no paper's "
                    "is; it is skipped up to the next blank line",
                )
                record, skipping = _Held(), True
        yield from record.emit()


MAX_RECORD = 4_000_000  # characters: a record of 10,000 authors and their affiliations fits


class _Held:
    """The fields of the record being read, each value as its pieces (joined once, at the
    end: a value wrapped onto many lines is not copied at each line)."""

    def __init__(self) -> None:
        self.fields: list[tuple[str, list[str]]] = []
        self.start = 0
        self.size = 0
        self.has_pmid = False

    def add(self, number: int, name: str, value: str) -> None:
        if not self.fields:
            self.start = number
        self.has_pmid = self.has_pmid or name == "PMID"
        self.fields.append((name, [value.strip()]))
        self.size += len(value)

    def extend(self, line: str) -> None:
        self.fields[-1][1].append(line.strip())
        self.size += len(line)

    def emit(self) -> Iterator[Record | Skip]:
        fields = [(name, " ".join(p for p in parts if p)) for name, parts in self.fields]
        return _emit(fields, self.start) if fields else iter(())


def _emit(fields: list[tuple[str, str]], line: int) -> Iterator[Record | Skip]:
    """The record of these fields, unless they are stray text already reported."""
    if any(name for name, _ in fields):
        yield _record(fields, line)


def _record(fields: list[tuple[str, str]], line: int) -> Record | Skip:
    """A Record from one record's (tag, value) pairs."""
    values: dict[str, list[str]] = {}
    for name, value in fields:
        if value:
            values.setdefault(name, []).append(value)
    title = _one(values, "TI", "BTI", "TT")
    if not title:
        return Skip(line, "this record has no title (TI); it cannot be a paper")
    full, short = values.get("FAU", []), values.get("AU", [])
    authors = [first_last(a) for a in full] if len(full) >= len(short) else short
    year, date = _year_and_date(_one(values, "DP", "DEP"))
    return Record(
        title=title,
        line=line,
        abstract="\n\n".join(values.get("AB", [])),
        authors=authors or values.get("CN", []),
        year=year,
        date=date,
        venue=_one(values, "JT", "TA"),
        doi=_doi([*values.get("LID", []), *values.get("AID", [])]),
        pmid=_one(values, "PMID"),
        keywords=values.get("OT", []),
    )


def _one(values: dict[str, list[str]], *names: str) -> str | None:
    """The first value of the first of ``names`` present."""
    for name in names:
        if values.get(name):
            return values[name][0]
    return None


def _doi(ids: list[str]) -> str | None:
    """The DOI among LID/AID values ("10.1016/... [doi]")."""
    for value in ids:
        if value.endswith("[doi]"):
            return value.removesuffix("[doi]").strip()
    return None


def _year_and_date(value: str | None) -> tuple[int | None, str | None]:
    """Year and, when the day is given, the ISO date of a DP value ("2018 Mar 30")."""
    match = _DATE.match(value or "")
    if not match:
        return None, None
    year, month, day = match.groups()
    if month and day and month.lower() in MONTHS:
        return int(year), f"{year}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
    return int(year), None


IMPORTER = Medline()

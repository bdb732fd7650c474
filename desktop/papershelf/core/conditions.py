"""The values of the search box's filters, parsed once into typed conditions that own their SQL.

The shape is beets' ``NumericQuery``/``DateQuery`` (style.md §4): a filter's text is parsed when
the query is parsed, into a value that knows what it means (a range of years, a span of time,
a status) and writes its own parameterised SQL condition. A value that makes no sense raises
``BadValue`` with the sentence the search box shows ("'2026-02-30' is not a date: ..."), and
the parser leaves that filter out and runs the rest. Nothing here runs SQL: ``sql()`` returns
the condition on ``papers`` and its parameters, and user text only ever travels as a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from papershelf.core.identity import normalise_doi

STATUS_VALUES = ("unread", "reading", "read")
HAS_VALUES = ("note", "highlight", "tag", "code", "abstract", "link")
MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_DAYS = 36_500  # "7d" back at most a century
_YEAR = re.compile(r"^(?:(\d{4})|(\d{4})\.\.(\d{4})|(>=|<=|>|<)(\d{4}))$", re.ASCII)
_AGE = re.compile(
    r"^(?:today|yesterday|(\d{1,6})([dwmy])|(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)$", re.ASCII
)
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_HAS_SQL = {
    "note": "note <> ''",
    "highlight": "EXISTS (SELECT 1 FROM highlights WHERE paper_id = papers.id)",
    "tag": "EXISTS (SELECT 1 FROM paper_tags WHERE paper_id = papers.id)",
    "code": "(links LIKE '%github.com%' OR links LIKE '%gitlab.com%')",
    "abstract": "abstract <> ''",
    "link": "links <> '[]'",
}
_TAGGED = (
    "id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ?)"
)


class BadValue(ValueError):
    """A filter value that makes no sense; the message says what the filter takes."""


class Condition:
    """A filter's parsed value: ``sql()`` is its condition on ``papers`` and its parameters."""

    def sql(self) -> tuple[str, list[object]]:
        raise NotImplementedError


@dataclass(frozen=True)
class Tagged(Condition):
    """``tag:NAME``: the paper has the tag (any case)."""

    name: str

    def sql(self) -> tuple[str, list[object]]:
        return _TAGGED, [self.name]


@dataclass(frozen=True)
class Status(Condition):
    """``is:unread``, ``is:reading``, ``is:read``."""

    status: str

    def sql(self) -> tuple[str, list[object]]:
        return "status = ?", [self.status]


@dataclass(frozen=True)
class Has(Condition):
    """``has:note`` and the rest of ``HAS_VALUES``."""

    what: str

    def sql(self) -> tuple[str, list[object]]:
        return _HAS_SQL[self.what], []


@dataclass(frozen=True)
class Numbers(Condition):
    """A closed range of an integer column (``year:2020..2023``, ``year:>=2021``, ``id:7``);
    None is open on that side."""

    column: str
    low: int | None
    high: int | None

    def sql(self) -> tuple[str, list[object]]:
        if self.low == self.high:
            return f"{self.column} = ?", [self.low]
        parts: list[str] = []
        args: list[object] = []
        if self.low is not None:
            parts.append(f"{self.column} >= ?")
            args.append(self.low)
        if self.high is not None:
            parts.append(f"{self.column} <= ?")
            args.append(self.high)
        return "(" + " AND ".join(parts) + ")", args


@dataclass(frozen=True)
class Span(Condition):
    """A span of time [start, end) of ``added``, or of the day a paper was marked read
    (``read:``: only papers read now); ISO text, compared as SQLite holds it."""

    column: str
    start: str
    end: str

    def sql(self) -> tuple[str, list[object]]:
        if self.column == "added":
            return "(added >= ? AND added < ?)", [self.start, self.end]
        return (
            "(status_changed >= ? AND status_changed < ? AND status = 'read')",
            [self.start, self.end],
        )


@dataclass(frozen=True)
class Doi(Condition):
    """``doi:10.1234/x`` (any of the forms a DOI is written in)."""

    doi: str

    def sql(self) -> tuple[str, list[object]]:
        return "doi = ?", [self.doi]


def condition(name: str, value: str, now: datetime | None = None) -> Condition:
    """The typed condition of filter ``name`` with text ``value``; raises BadValue."""
    if name == "tag":
        if not value:
            raise BadValue("tag: needs a name")
        return Tagged(value)
    if name == "is":
        if value not in STATUS_VALUES:
            raise BadValue("is: takes unread, reading or read")
        return Status(value)
    if name == "has":
        if value not in HAS_VALUES:
            raise BadValue("has: takes " + ", ".join(HAS_VALUES))
        return Has(value)
    if name == "year":
        return _years(value)
    if name == "id":
        # The length first: int() of a run of 5,000 digits raises ValueError (Python's limit).
        digits = value.isascii() and value.isdigit() and len(value) <= len(str(MAX_ID))
        if not digits or int(value) > MAX_ID:
            raise BadValue("id: takes a paper's number")
        return Numbers("id", int(value), int(value))
    if name == "doi":
        if not value:
            raise BadValue("doi: needs a DOI")
        return Doi(normalise_doi(value) or value)
    if name in ("added", "read"):
        return _span(name, value, now or datetime.now(UTC))
    raise BadValue(f"{name}: is not a filter")


def _years(value: str) -> Numbers:
    match = _YEAR.match(value)
    if match is None:
        raise BadValue("year: takes 2024, 2020..2023 or >=2021")
    one, low, high, op, bound = match.groups()
    if one:
        return Numbers("year", int(one), int(one))
    if low:
        first, last = sorted((int(low), int(high)))
        return Numbers("year", first, last)
    year = int(bound)
    return {
        ">=": Numbers("year", year, None),
        ">": Numbers("year", year + 1, None),
        "<=": Numbers("year", None, year),
        "<": Numbers("year", None, year - 1),
    }[op]


def _span(name: str, value: str, now: datetime) -> Span:
    """``today``, ``yesterday``, ``7d``/``2w``/``3m``/``1y`` back from now, a year, a month or
    a day, as a UTC span."""
    column = "added" if name == "added" else "status_changed"
    match = _AGE.match(value)
    if match is None:
        raise BadValue(_not_a_date(name, value))
    count, unit, year, month, day = match.groups()
    far = "9999"
    if value in ("today", "yesterday"):
        midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        start = midnight - timedelta(days=1) if value == "yesterday" else midnight
        end = midnight.astimezone(UTC).isoformat() if value == "yesterday" else far
        return Span(column, start.astimezone(UTC).isoformat(), end)
    if count:
        days = int(count) * _DAYS[unit]
        if days > MAX_DAYS:
            raise BadValue(
                f"{_quoted(value)} reaches back more than a century: {name}: takes 30d or 2y"
            )
        return Span(column, (now - timedelta(days=days)).isoformat(), far)
    try:
        first = date(int(year), int(month or 1), int(day or 1))
    except ValueError:  # 2026-02-30, 2026-13
        raise BadValue(_not_a_date(name, value)) from None
    if first.year < 1:
        raise BadValue(_not_a_date(name, value))
    if day:
        return Span(column, first.isoformat(), (first + timedelta(days=1)).isoformat())
    if month:
        following = (
            f"{first.year + 1:04d}-01"
            if first.month == 12
            else f"{first.year:04d}-{first.month + 1:02d}"
        )
        return Span(column, first.isoformat()[:7], following)
    return Span(column, f"{first.year:04d}", f"{first.year + 1:04d}")


def _not_a_date(name: str, value: str) -> str:
    example = "7d" if name == "added" else "30d"
    return f"{_quoted(value)} is not a date: {name}: takes today, {example}, 2026-03 or 2026-03-14"


def _quoted(value: str, most: int = 40) -> str:
    """The value as the message quotes it: in quotes, cut to ``most`` characters."""
    return repr(value if len(value) <= most else value[: most - 1] + "…")

"""Papershelf's own JSON export: everything a library knows about its papers, to import again.

The document is ``{"papershelf_export": 1, "exported": <ISO time>, "papers": [...]}``. Each
paper holds every column of the ``papers`` table as the library stores it (lists decoded),
its ``tags``, its ``highlights`` (field, start, stop, quote, prefix, suffix, colour, comment,
lost, created) and its ``status_history`` ({status, at}). After the papers, a library with
saved searches has ``"saved_searches": [{name, query, created}, ...]`` in the sidebar's order.
It is written a paper a line, so a 75,000-paper library is never one string in memory, and
read back the same way by ``importers.papershelf_json``; ``read_paper`` checks one paper of it
(``read_saved_search`` one saved search), so that a hand-edited file fails on the entry it
broke, with its line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from papershelf.core.library import Library, now
from papershelf.core.records import STATUSES, Record, Skip

VERSION = 1
MARK = "papershelf_export"
HIGHLIGHT_FIELDS = ("title", "abstract")


def write_json(
    papers: Iterable[dict[str, Any]],
    out: TextIO,
    *,
    exported: str = "",
    saved: list[dict[str, str]] | None = None,
) -> int:
    """Write annotated papers (``papers.annotated``) and the saved searches
    (``saved_rows``) as the export document; how many papers."""
    out.write(f'{{"{MARK}": {VERSION}, "exported": {json.dumps(exported or now())}, "papers": [')
    count = 0
    for paper in papers:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(_as_exported(paper), ensure_ascii=False))
        count += 1
    out.write("\n]" if count else "]")
    if saved:
        rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in saved)
        out.write(f', "saved_searches": [\n{rows}\n]')
    out.write("}\n")
    return count


def saved_rows(library: Library) -> list[dict[str, str]]:
    """The library's saved searches as the export holds them, in the sidebar's order."""
    rows = library.conn.execute(
        "SELECT name, query, created FROM saved_searches ORDER BY position, id"
    )
    return [{"name": name, "query": query, "created": created} for name, query, created in rows]


def _as_exported(paper: dict[str, Any]) -> dict[str, Any]:
    edited = paper.get("edited") or "[]"
    return {**paper, "edited": json.loads(edited) if isinstance(edited, str) else edited}


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """One paper of an export: the record to merge, and what the library kept beside it."""

    record: Record
    columns: dict[str, Any]  # paper columns beyond the record's, as the export holds them
    tags: list[str] = field(default_factory=list)
    highlights: list[dict[str, Any]] = field(default_factory=list)
    status_history: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ExportedSearch:
    """One saved search of an export."""

    name: str
    query: str
    created: str


class _Invalid(Exception):
    """A value of the wrong kind; its message names the field."""


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _optional_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _whole(value: Any) -> bool:
    """An integer SQLite can hold (not a boolean, which JSON keeps apart)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def _optional_int(value: Any) -> bool:
    return value is None or _whole(value)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _status(value: Any) -> bool:
    return value in STATUSES


_CHECKS: dict[str, tuple[Callable[[Any], bool], str, Any]] = {
    "abstract": (_text, "text", ""),
    "authors": (_texts, "a list of names", []),
    "year": (_optional_int, "a whole number", None),
    "date": (_optional_text, "text", None),
    "venue": (_optional_text, "text", None),
    "doi": (_optional_text, "text", None),
    "arxiv_id": (_optional_text, "text", None),
    "pmid": (_optional_text, "text", None),
    "links": (_texts, "a list of links", []),
    "keywords": (_texts, "a list of keywords", []),
    "authors_count": (_optional_int, "a whole number", None),
    "github": (_optional_text, "text", None),
    "github_stars": (_optional_int, "a whole number", None),
    "project_page": (_optional_text, "text", None),
    "upvotes": (_optional_int, "a whole number", None),
    "listed": (_optional_text, "text", None),
    "note": (_text, "text", ""),
    "status": (_status, f"one of {', '.join(STATUSES)}", "unread"),
    "status_changed": (_optional_text, "a time", None),
    "added": (_optional_text, "a time", None),
    "trashed": (_optional_text, "a time", None),
    "edited": (_texts, "a list of field names", []),
    "tags": (_texts, "a list of tags", []),
}
RECORD_FIELDS = tuple(n for n in Record.__dataclass_fields__ if n not in ("title", "line"))
COLUMNS = tuple(n for n in _CHECKS if n not in RECORD_FIELDS and n != "tags")


def read_paper(item: Any, line: int) -> Exported | Skip:
    """One paper of an export, checked; a Skip naming what is wrong with it."""
    if not isinstance(item, dict):
        return Skip(line, "this entry of the export's papers is not a paper (no fields in it).")
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        return Skip(line, "a paper of the export without a title.")
    try:
        values = {name: _checked(item, name) for name in _CHECKS}
        tags = [t for t in values["tags"] if t.strip()]
        highlights = [_highlight(h) for h in _list(item, "highlights")]
        history = [_reading(r) for r in _list(item, "status_history")]
    except _Invalid as exc:
        return Skip(line, f"the paper “{title[:60]}” in the export: {exc}.")
    record = Record(title=title, line=line, **{n: values[n] for n in RECORD_FIELDS})
    columns = {name: values[name] for name in COLUMNS}
    return Exported(record, columns, tags, highlights, history)


def _checked(item: dict[str, Any], name: str) -> Any:
    check, kind, default = _CHECKS[name]
    value = item.get(name, default)
    if not check(value):
        raise _Invalid(f"its {name} should be {kind}")
    return value


def _list(item: dict[str, Any], name: str) -> list[Any]:
    value = item.get(name, [])
    if not isinstance(value, list):
        raise _Invalid(f"its {name} should be a list")
    return value


def _highlight(value: Any) -> dict[str, Any]:
    """A highlight of the export, checked, with defaults for what it leaves out."""
    if not isinstance(value, dict):
        raise _Invalid("a highlight of it has no fields")
    mark = {
        "field": value.get("field"),
        "start": value.get("start"),
        "stop": value.get("stop"),
        "quote": value.get("quote"),
        "prefix": value.get("prefix", ""),
        "suffix": value.get("suffix", ""),
        "colour": value.get("colour", 1),
        "comment": value.get("comment", ""),
        "lost": value.get("lost", False),
        "created": value.get("created") or now(),
    }
    numbers = (mark["start"], mark["stop"], mark["colour"])
    if (
        mark["field"] not in HIGHLIGHT_FIELDS
        or not all(_whole(n) for n in numbers)
        or not 0 <= mark["start"] < mark["stop"]
        or not 1 <= mark["colour"] <= 5
        or not isinstance(mark["quote"], str)
        or not mark["quote"]
        or not all(isinstance(mark[k], str) for k in ("prefix", "suffix", "comment", "created"))
        or not isinstance(mark["lost"], bool | int)
    ):
        raise _Invalid(f"a highlight of it is not one ({json.dumps(value)[:80]})")
    mark["lost"] = int(bool(mark["lost"]))
    return mark


def _reading(value: Any) -> dict[str, str]:
    """A change of read status of the export, checked."""
    if not (
        isinstance(value, dict)
        and value.get("status") in STATUSES
        and isinstance(value.get("at"), str)
    ):
        raise _Invalid("its status history holds something that is not a status and a time")
    return {"status": value["status"], "at": value["at"]}


def read_saved_search(item: Any, line: int) -> ExportedSearch | Skip:
    """One saved search of an export, checked; a Skip saying what is wrong with it."""
    if not isinstance(item, dict):
        return Skip(line, "this entry of the export's saved searches is not a saved search.")
    name, query, created = item.get("name"), item.get("query"), item.get("created")
    if not (isinstance(name, str) and name.strip() and isinstance(query, str) and query.strip()):
        return Skip(line, "a saved search of the export without a name or a query.")
    if created is not None and not isinstance(created, str):
        return Skip(
            line, f"the saved search “{name[:60]}” in the export: its created should be a time."
        )
    return ExportedSearch(name, query, created or now())

"""The paper list as the window shows it: which ids a view holds, in which order, and their rows.

A *view* is what the sidebar selects (a read status, everything, recently added, one import
batch, one tag, one saved search or the papers to read next); a *sort* is a column of the
list. Both become parameterised SQL, so ordering 100k papers is one indexed query instead of
work in Python. Rows are fetched a page at a time for the ids the list is about to paint.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from papershelf.core.library import LIVE

RECENT_DAYS = 7
STATUS_VIEWS = ("unread", "reading", "read")

# Column name -> SQL expression to order by (ascending); ties broken by id.
SORT_COLUMNS = {
    "title": "title COLLATE NOCASE",
    "authors": "authors COLLATE NOCASE",
    "year": "year",
    "tags": (
        "(SELECT group_concat(t.name, ', ') FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
        "WHERE pt.paper_id = papers.id) COLLATE NOCASE"
    ),
    "status": "CASE status WHEN 'unread' THEN 0 WHEN 'reading' THEN 1 ELSE 2 END",
    "added": "added",
}


@dataclass(frozen=True)
class View:
    """A sidebar selection: kind is status, all, recent, batch, tag, trash, saved (a saved
    search, by id) or next (read next); value names which."""

    kind: str = "all"
    value: str | int | None = None

    def key(self) -> str:
        """A string form, for settings and tests (``status:unread``, ``tag:rag``, ``all``)."""
        return self.kind if self.value is None else f"{self.kind}:{self.value}"

    @classmethod
    def from_key(cls, key: str) -> View:
        """The view a ``key()`` string names; unknown strings give everything."""
        kind, _, value = key.partition(":")
        if kind == "status" and value in STATUS_VIEWS:
            return cls("status", value)
        if kind == "batch" and value.isdigit():
            return cls("batch", int(value))
        if kind == "tag" and value:
            return cls("tag", value)
        if kind == "saved" and value.isdigit():
            return cls("saved", int(value))
        if kind == "next":
            return cls("next", value or None)  # next:TAG, "read next like this tag"
        if kind in ("recent", "trash"):
            return cls(kind)
        return cls()


@dataclass(frozen=True)
class Row:
    """What one line of the paper list shows."""

    id: int
    title: str
    authors: list[str]
    year: int | None
    tags: list[str]
    status: str
    added: str


def recent_cutoff(days: int = RECENT_DAYS) -> str:
    """The ``added`` timestamp from which a paper counts as recently added."""
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="microseconds")


def view_condition(view: View) -> tuple[str, list[object]]:
    """The SQL condition on ``papers`` that selects the view, with its parameters.

    Every view but the trash leaves trashed papers out. A saved search and read next are
    not SQL conditions: the live papers, which their query or ranking then narrows.
    """
    if view.kind == "trash":
        return "trashed IS NOT NULL", []
    if view.kind == "status":
        return f"{LIVE} AND status = ?", [view.value]
    if view.kind == "recent":
        return f"{LIVE} AND added >= ?", [recent_cutoff()]
    if view.kind == "batch":
        return f"{LIVE} AND batch_id = ?", [view.value]
    if view.kind == "tag":
        return (
            f"{LIVE} AND id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t "
            "ON t.id = pt.tag_id WHERE t.name = ?)",
            [view.value],
        )
    return LIVE, []


def order_clause(column: str, descending: bool) -> str:
    """ORDER BY text for a list column (unknown columns sort by date added)."""
    expr = SORT_COLUMNS.get(column, SORT_COLUMNS["added"])
    direction = "DESC" if descending else "ASC"
    nulls = "year IS NULL, " if column == "year" else ""
    return f"{nulls}{expr} {direction}, id {direction}"


def list_ids(
    conn: sqlite3.Connection,
    view: View,
    column: str = "added",
    descending: bool = True,
    within: Iterable[int] | None = None,
) -> list[int]:
    """The ids of the view in the order asked; ``within`` keeps only those ids (search hits)."""
    where, params = view_condition(view)
    if within is not None:
        where += " AND id IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(list(within))]
    sql = f"SELECT id FROM papers WHERE {where} ORDER BY {order_clause(column, descending)}"
    return [row[0] for row in conn.execute(sql, params)]


def filter_ids(conn: sqlite3.Connection, view: View, ids: list[int]) -> list[int]:
    """The ids (kept in their order) that belong to the view."""
    if view.kind == "all":
        return ids  # search answers leave the trash out already
    where, params = view_condition(view)
    rows = conn.execute(
        f"SELECT id FROM papers WHERE {where} AND id IN (SELECT value FROM json_each(?))",
        [*params, json.dumps(ids)],
    )
    keep = {row[0] for row in rows}
    return [i for i in ids if i in keep]


def rows(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Row]:
    """The list rows of these papers, by id (unknown ids are left out)."""
    wanted = json.dumps(list(ids))
    tags: dict[int, list[str]] = {}
    for paper_id, name in conn.execute(
        "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
        "WHERE pt.paper_id IN (SELECT value FROM json_each(?)) ORDER BY t.name COLLATE NOCASE",
        [wanted],
    ):
        tags.setdefault(paper_id, []).append(name)
    found = conn.execute(
        "SELECT id, title, authors, year, status, added FROM papers "
        "WHERE id IN (SELECT value FROM json_each(?))",
        [wanted],
    )
    return {
        pid: Row(pid, title, json.loads(authors), year, tags.get(pid, []), status, added)
        for pid, title, authors, year, status, added in found
    }


def texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """The abstract and note of these papers, by id (for snippets)."""
    found = conn.execute(
        "SELECT id, abstract, note FROM papers WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(ids))],
    )
    return {pid: (abstract, note) for pid, abstract, note in found}


def recent_count(conn: sqlite3.Connection) -> int:
    """How many papers were added recently."""
    return conn.execute(
        f"SELECT count(*) FROM papers WHERE {LIVE} AND added >= ?", [recent_cutoff()]
    ).fetchone()[0]


# Whether any paper has something to show in a column: the first such row ends each scan.
_FILLED = {
    "authors": f"SELECT EXISTS (SELECT 1 FROM papers WHERE {LIVE} AND authors <> '[]')",
    "year": f"SELECT EXISTS (SELECT 1 FROM papers WHERE {LIVE} AND year IS NOT NULL)",
    "tags": "SELECT EXISTS (SELECT 1 FROM paper_tags)",
}


def filled_columns(conn: sqlite3.Connection) -> set[str]:
    """The list's columns some paper outside the trash has a value in (title, status and
    added always do); the others can stay narrow."""
    filled = {"title", "status", "added"}
    filled.update(name for name, sql in _FILLED.items() if conn.execute(sql).fetchone()[0])
    return filled

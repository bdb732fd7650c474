"""What an operation changed, row by row, so that it can be undone and redone exactly.

Every operation that changes the library writes through a ``Journal``: it inserts, updates and
deletes rows and keeps, for each row, its image before and after (only the columns the
operation touched, for an update). Undo writes the before images back, redo the after images;
both first check that each row still is as the operation left it, and refuse with the reason
when something changed since (the paper was deleted, the tag merged away), changing nothing.

Papers need two things more than rows: a changed text (title, abstract, authors, venue, note,
highlight comments) goes on the index queue with the paper's ``rev`` moved on, and ``rev`` and
``updated`` are never part of an image (undoing a note edit is a new revision of the paper,
not the old one, or the index would think it already had it).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from papershelf.core.errors import PapershelfError
from papershelf.core.library import now

# The key of each table that operations change, and what a row of it is called in messages.
KEYS: dict[str, tuple[str, ...]] = {
    "papers": ("id",),
    "tags": ("id",),
    "paper_tags": ("paper_id", "tag_id"),
    "status_history": ("id",),
    "highlights": ("id",),
    "batches": ("id",),
    "saved_searches": ("id",),
}
# Rows that hang on a row (and would be deleted with it by a cascade): a row is deleted only
# once they are gone, so nothing goes unrecorded.
DEPENDENTS = {
    "papers": (
        ("paper_tags", "paper_id"),
        ("status_history", "paper_id"),
        ("highlights", "paper_id"),
    ),
    "tags": (("paper_tags", "tag_id"),),
}
INDEXED = {"title", "abstract", "authors", "venue", "note"}  # paper columns the index holds
UNRECORDED = {"rev", "updated"}  # moved on by every change, undo and redo included


class Conflict(PapershelfError):
    """An undo or redo whose rows were changed since; nothing was written."""


Image = dict[str, Any] | None


@dataclass
class Change:
    """One row: its table, its key, and its image before and after (None: absent)."""

    table: str
    key: tuple[Any, ...]
    before: Image
    after: Image

    def as_json(self) -> list[Any]:
        return [self.table, list(self.key), self.before, self.after]

    @classmethod
    def from_json(cls, value: list[Any]) -> Change:
        table, key, before, after = value
        return cls(table, tuple(key), before, after)


@dataclass
class Journal:
    """Writes rows for one operation inside its transaction and remembers each change."""

    conn: sqlite3.Connection
    changes: list[Change] = field(default_factory=list)

    # -- writing -----------------------------------------------------------------------------

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row; returns its rowid (the new id for tables keyed by ``id``)."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
        )
        rowid = cursor.lastrowid or 0
        if KEYS[table] == ("id",) and "id" not in row:
            row = {"id": rowid, **row}
        image = {k: v for k, v in row.items() if k not in UNRECORDED}
        self.changes.append(Change(table, _key(table, row), None, image))
        if table == "papers":
            self._touched(int(row["id"]), text=True)
        elif table == "highlights" and row.get("comment"):
            self._queue(int(row["paper_id"]), bump=True)  # the index holds the comments
        return rowid

    def update(self, table: str, keys: Sequence[tuple[Any, ...]], values: dict[str, Any]) -> list:
        """Set ``values`` on the rows with these keys; returns the keys of rows that changed."""
        columns = [c for c in values if c not in UNRECORDED]
        changed = []
        for key, current in self._read(table, keys, columns).items():
            before = {c: current[c] for c in columns}
            after = {c: values[c] for c in columns}
            if before == after:
                continue
            self._write_update(table, key, after)
            self.changes.append(Change(table, key, before, after))
            changed.append(key)
        return changed

    def delete(self, table: str, keys: Sequence[tuple[Any, ...]]) -> list:
        """Delete the rows with these keys (and, for papers, what hangs on them)."""
        found = self._read(table, keys, None)
        if table == "papers":
            ids = [key[0] for key in found]
            for child in ("paper_tags", "status_history", "highlights"):
                self.delete(child, self._child_keys(child, ids))
        for key, row in found.items():
            self._delete_row(table, key)
            self.changes.append(Change(table, key, row, None))
            if table == "papers":
                self._queue(key[0])
        return list(found)

    def _child_keys(self, table: str, ids: list[int]) -> list[tuple[Any, ...]]:
        columns = ", ".join(KEYS[table])
        rows = self.conn.execute(
            f"SELECT {columns} FROM {table} WHERE paper_id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
        return [tuple(row) for row in rows]

    # -- undo and redo -----------------------------------------------------------------------

    def apply(self, changes: Sequence[Change], *, backwards: bool) -> None:
        """Write the before (``backwards``) or after images of ``changes``, checked first."""
        ordered = list(reversed(changes)) if backwards else list(changes)
        for change in ordered:
            self._check(change, expect=change.after if backwards else change.before)
        try:
            self._write_images(ordered, backwards)
        except sqlite3.IntegrityError as exc:  # a row it needs, or that needs it, has gone
            raise Conflict(f"the library no longer fits it ({exc})") from None

    def _write_images(self, ordered: list[Change], backwards: bool) -> None:
        for change in ordered:
            target = change.before if backwards else change.after
            current = change.after if backwards else change.before
            if target is None:
                self._delete_row(change.table, change.key)
                if change.table == "papers":
                    self._queue(change.key[0])
            elif current is None:
                self._insert_image(change.table, target)
            else:
                self._write_update(change.table, change.key, target)
            self.changes.append(
                Change(change.table, change.key, current, target)
            )  # what this undo or redo did, for the caller's Changes

    def _check(self, change: Change, expect: Image) -> None:
        columns = None if expect is None else list(expect)
        found = self._read(change.table, [change.key], columns)
        row = found.get(change.key)
        if expect is None and row is not None:
            raise Conflict(f"{_name(change)} exists again")
        if expect is not None and (row is None or any(row[c] != expect[c] for c in expect)):
            raise Conflict(f"{_name(change)} was changed or removed since")

    # -- rows --------------------------------------------------------------------------------

    def _read(
        self, table: str, keys: Sequence[tuple[Any, ...]], columns: list[str] | None
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        """Rows by key, with ``columns`` (None: every recorded column), in the keys' order."""
        key_columns = KEYS[table]
        if not keys:
            return {}
        select = "*" if columns is None else ", ".join(dict.fromkeys([*key_columns, *columns]))
        if len(key_columns) == 1:
            rows = self.conn.execute(
                f"SELECT {select} FROM {table} WHERE {key_columns[0]} IN "
                "(SELECT value FROM json_each(?))",
                [json.dumps([k[0] for k in keys])],
            )
        else:
            rows = self.conn.execute(
                f"SELECT {select} FROM {table} WHERE ({', '.join(key_columns)}) IN "
                "(SELECT value ->> 0, value ->> 1 FROM json_each(?))",
                [json.dumps([list(k) for k in keys])],
            )
        names = [d[0] for d in rows.description]
        found = {}
        for values in rows:
            row = {n: v for n, v in zip(names, values, strict=True) if n not in UNRECORDED}
            found[_key(table, row)] = row
        return {k: found[k] for k in keys if k in found}

    def _write_update(self, table: str, key: tuple[Any, ...], values: dict[str, Any]) -> None:
        sets = ", ".join(f"{c} = ?" for c in values)
        where = " AND ".join(f"{c} = ?" for c in KEYS[table])
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*values.values(), *key])
        if table == "papers":
            self._touched(int(key[0]), text=bool(INDEXED & values.keys()))
        elif table == "highlights" and "comment" in values:
            self._comment_changed(key)

    def _insert_image(self, table: str, image: dict[str, Any]) -> None:
        if table == "papers":
            image = {**image, "updated": now()}  # rev starts again: the index is told below
        columns = ", ".join(image)
        marks = ", ".join("?" for _ in image)
        self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(image.values()))
        if table == "papers":
            self._touched(int(image["id"]), text=True)
        elif table == "highlights" and image.get("comment"):
            self._queue(int(image["paper_id"]), bump=True)

    def _delete_row(self, table: str, key: tuple[Any, ...]) -> None:
        for child, column in DEPENDENTS.get(table, ()):
            used = self.conn.execute(
                f"SELECT 1 FROM {child} WHERE {column} = ? LIMIT 1", [key[0]]
            ).fetchone()
            if used:  # rows made behind the history's back would go with it: keep them
                raise Conflict(f"{_name(Change(table, key, None, None))} is in use since")
        if table == "highlights":
            self._comment_changed(key)
        where = " AND ".join(f"{c} = ?" for c in KEYS[table])
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", list(key))

    def _comment_changed(self, key: tuple[Any, ...]) -> None:
        row = self.conn.execute(
            "SELECT paper_id FROM highlights WHERE id = ?", list(key)
        ).fetchone()
        if row:
            self._queue(row[0], bump=True)

    def _touched(self, paper_id: int, *, text: bool) -> None:
        self.conn.execute(
            "UPDATE papers SET updated = ?, rev = rev + ? WHERE id = ?",
            [now(), 1 if text else 0, paper_id],
        )
        if text:
            self._queue(paper_id)

    def _queue(self, paper_id: int, *, bump: bool = False) -> None:
        if bump:
            self.conn.execute("UPDATE papers SET rev = rev + 1 WHERE id = ?", [paper_id])
        self.conn.execute("INSERT OR IGNORE INTO index_queue (paper_id) VALUES (?)", [paper_id])

    # -- what changed ------------------------------------------------------------------------

    def papers(self) -> frozenset[int]:
        """Every paper this journal's changes touched."""
        found = set()
        for change in self.changes:
            image = change.after or change.before or {}
            if change.table == "papers":
                found.add(int(change.key[0]))
            elif "paper_id" in image:
                found.add(int(image["paper_id"]))
            elif change.table == "highlights":  # a colour or comment changed: it still exists
                row = self.conn.execute(
                    "SELECT paper_id FROM highlights WHERE id = ?", list(change.key)
                ).fetchone()
                if row is not None:
                    found.add(int(row[0]))
            elif change.table in ("paper_tags",):
                found.add(int(change.key[0]))
        return frozenset(found)

    def touched(self, *tables: str) -> bool:
        """Whether any change was to one of these tables."""
        return any(change.table in tables for change in self.changes)


def _key(table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] for c in KEYS[table])


def _name(change: Change) -> str:
    nouns = {
        "papers": "paper",
        "tags": "tag",
        "highlights": "highlight",
        "batches": "import",
        "saved_searches": "saved search",
    }
    if change.table == "paper_tags":
        return f"the tag of paper {change.key[0]}"
    if change.table == "status_history":
        return "its reading history"
    return f"{nouns.get(change.table, change.table)} {change.key[0]}"


def pack(changes: Iterable[Change]) -> bytes:
    """Changes as stored in the history: JSON, compressed (an emptied trash can be large)."""
    # Level 1: a few times faster than the default on the megabytes a long note makes, and
    # nearly as small on text.
    return zlib.compress(json.dumps([c.as_json() for c in changes]).encode("utf-8"), 1)


def unpack(data: bytes) -> list[Change]:
    """Changes from the history, as ``pack`` stored them."""
    return [Change.from_json(v) for v in json.loads(zlib.decompress(data).decode("utf-8"))]

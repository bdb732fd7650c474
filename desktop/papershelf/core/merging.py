"""Merging imported records into the library (design §5), in chunks, inside the open transaction.

A record is the same paper as one in the library when they share a DOI, an arXiv id (any
version), a PubMed id, or a normalised title with compatible years. Only a title that can
identify a paper counts ("[", "Abstract" or one word never make two papers one). A match only
fills the paper's empty bibliographic fields; tags, notes and status are never touched.

Records are looked up a chunk at a time (one ``IN`` query per identifier) and the new ones are
inserted with one ``executemany`` with ids assigned here: a bulk import of 75k papers spends
its time parsing, not in per-record round trips. Any record that might match something (in the
library or earlier in the same chunk) takes the careful one-at-a-time path instead.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from papershelf.core.anchoring import reanchor
from papershelf.core.identity import identifying_title
from papershelf.core.journal import Journal
from papershelf.core.library import Library
from papershelf.core.records import FILLABLE, Record
from papershelf.core.textutil import title_key

IDENTIFIERS = ("doi", "arxiv_id", "pmid")
LIST_FIELDS = ("authors", "links", "keywords")
CHUNK = 1000

_INSERT = (
    f"INSERT INTO papers (id, {', '.join(FILLABLE)}, title, title_key, batch_id, added, updated) "
    f"VALUES (?, {', '.join('?' for _ in FILLABLE)}, ?, ?, ?, ?, ?)"
)


@dataclass
class MergeCounts:
    """How many records were new, filled an existing paper, or changed nothing."""

    new: int = 0
    updated: int = 0
    duplicates: int = 0
    ids: list[int] = field(default_factory=list)


class Merger:
    """Merges records into the library within the caller's transaction."""

    def __init__(
        self,
        library: Library,
        batch_id: int,
        stamp: str,
        outcomes: list[tuple[Record, str]] | None = None,
        journal: Journal | None = None,
    ):
        self.library = library
        self.journal = journal or Journal(library.conn)  # fills of existing papers, for undo
        self.outcomes = outcomes  # when a list, each record with new / updated / duplicate
        self.conn = library.conn
        self.batch_id = batch_id
        self.stamp = stamp
        self.counts = MergeCounts()
        self._chunk: list[tuple[Record, str]] = []  # each record with its title key
        # Into an empty library, only this import's own papers can match: their keys are
        # kept here instead of being looked up in SQLite (1.5 s of a 75k-paper import).
        self._fresh_library = self.conn.execute("SELECT 1 FROM papers LIMIT 1").fetchone() is None
        self._taken: set[tuple[str, str]] = set()
        self._next_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM papers").fetchone()[
            0
        ]

    def add(self, record: Record) -> None:
        """Queue a cleaned record; chunks are merged as they fill."""
        self._chunk.append((record, title_key(record.title)))
        if len(self._chunk) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Merge every queued record."""
        chunk, self._chunk = self._chunk, []
        if not chunk:
            return
        known = self._known_keys(chunk)
        fresh: list[tuple[Record, str]] = []
        seen: set[tuple[str, str]] = set()
        merged: set[tuple[str, str]] = set()  # a merge may give a paper more ids to match
        for record, key in chunk:
            keys = _keys(record, key)
            if keys & seen:
                self._insert(fresh, seen)  # the earlier copy must be in the table to match
                fresh, seen = [], set()
                self._merge_one(record, key)
                merged |= keys
            elif keys & known or keys & merged:
                self._merge_one(record, key)
                merged |= keys
            else:
                fresh.append((record, key))
                seen |= keys
        self._insert(fresh, seen)

    def _known_keys(self, chunk: list[tuple[Record, str]]) -> set[tuple[str, str]]:
        if self._fresh_library:
            return self._taken
        found: set[tuple[str, str]] = set()
        for column in (*IDENTIFIERS, "title_key"):
            if column == "title_key":
                values = [key for _, key in chunk if identifying_title(key)]
            else:
                values = [v for r, _ in chunk if (v := getattr(r, column))]
            if values:
                rows = self.conn.execute(
                    f"SELECT {column} FROM papers WHERE {column} IN "
                    "(SELECT value FROM json_each(?))",
                    [json.dumps(values)],
                )
                found.update((column, row[0]) for row in rows)
        return found

    def _insert(
        self, records: list[tuple[Record, str]], keys: set[tuple[str, str]] | None = None
    ) -> None:
        if not records:
            return
        first = self._next_id
        rows = [
            [first + n, *_values(record), record.title, key, self.batch_id, self.stamp, self.stamp]
            for n, (record, key) in enumerate(records)
        ]
        self.conn.executemany(_INSERT, rows)
        if self.outcomes is not None:
            self.outcomes += [(record, "new") for record, _ in records]
        if self._fresh_library:
            if keys is None:
                keys = {k for record, key in records for k in _keys(record, key)}
            self._taken |= keys
        self._next_id = first + len(records)
        self.counts.new += len(records)
        self.counts.ids.extend(range(first, self._next_id))

    def _merge_one(self, record: Record, key: str) -> None:
        if self._fresh_library:  # a fill may give the matched paper this record's ids
            self._taken |= _keys(record, key)
        match = find_match(self.library, record)
        if match is None:
            self._insert([(record, key)])
            return
        if fill(self.journal, match, record):
            self.counts.updated += 1
            self.counts.ids.append(match["id"])
            outcome = "updated"
        else:
            self.counts.duplicates += 1
            outcome = "duplicate"
        if self.outcomes is not None:
            self.outcomes.append((record, outcome))


def _keys(record: Record, key: str) -> set[tuple[str, str]]:
    keys = {(c, v) for c in IDENTIFIERS if (v := getattr(record, c))}
    if identifying_title(key):
        keys.add(("title_key", key))
    return keys


_quoted = json.encoder.encode_basestring  # json's own string encoder (C), ensure_ascii off


def _json_list(values: list[Any]) -> str:
    """``json.dumps(values, ensure_ascii=False)`` for a list of strings, without building an
    encoder per call (a third of the merging time of a 75k-paper import)."""
    if not values:
        return "[]"
    if all(type(v) is str for v in values):
        return "[" + ", ".join(map(_quoted, values)) + "]"
    return json.dumps(values, ensure_ascii=False)


def _values(record: Record) -> list[Any]:
    return [
        _json_list(value) if name in LIST_FIELDS else value
        for name in FILLABLE
        for value in (getattr(record, name),)
    ]


def find_match(library: Library, record: Record) -> dict[str, Any] | None:
    """The library paper this record is, by the strongest identifier both have (design §5)."""
    cursor = library.conn.cursor()
    cursor.row_factory = sqlite3.Row
    for column in IDENTIFIERS:
        value = getattr(record, column)
        if value:
            row = cursor.execute(f"SELECT * FROM papers WHERE {column} = ?", [value]).fetchone()
            if row:
                return dict(row)
    key = title_key(record.title)
    if not identifying_title(key):
        return None
    rows = cursor.execute("SELECT * FROM papers WHERE title_key = ? ORDER BY id", [key]).fetchall()
    for row in rows:
        paper = dict(row)
        same_year = record.year is None or paper["year"] is None or paper["year"] == record.year
        if same_year and not _conflicting_ids(paper, record):
            return paper
    return None


def _conflicting_ids(paper: dict[str, Any], record: Record) -> bool:
    """Two different DOIs (or arXiv / PubMed ids) mean two papers, whatever their titles."""
    return any(
        paper[c] and getattr(record, c) and paper[c] != getattr(record, c) for c in IDENTIFIERS
    )


def fill(journal: Journal, paper: dict[str, Any], record: Record) -> bool:
    """Fill the paper's empty bibliographic fields from the record; never touch user data
    (tags, notes, status, and any field the user edited, even to empty it)."""
    edited = set(json.loads(paper.get("edited") or "[]"))
    changes = {
        name: value
        for name, value in zip(FILLABLE, _values(record), strict=True)
        if value not in (None, "", "[]")
        and (paper[name] in (None, "", "[]") or (name == "abstract" and _summary(paper, value)))
        and name not in edited
    }
    for name in IDENTIFIERS:
        if (
            name in changes
            and journal.conn.execute(
                f"SELECT 1 FROM papers WHERE {name} = ?", [changes[name]]
            ).fetchone()
        ):
            del changes[name]  # another paper already has it; keep them apart
    if not changes:
        return False
    journal.update("papers", [(paper["id"],)], changes)  # rev moves on, the index is told
    if "abstract" in changes and paper["abstract"]:
        reanchor(journal, paper["id"], "abstract", str(changes["abstract"]))
    return True


def _summary(paper: dict[str, Any], abstract: object) -> bool:
    """Whether the paper's abstract is a page's one-sentence summary (the trending page's)
    and ``abstract`` the real one, over twice as long: the summary gives way to it."""
    old = paper["abstract"] or ""
    one_sentence = len(old.split()) <= 60 and ". " not in old.rstrip(". ")
    return bool(old) and one_sentence and len(str(abstract)) >= 2 * len(old)

"""The undo history, kept in the library: the last 1,000 actions, undone and redone in order.

Each entry is one operation's label ("Tag 'rag' on 12 papers") and its row changes (from its
``Journal``), compressed. Undo takes the newest entry not yet undone and writes its before
images back; redo takes the oldest undone one and writes its after images again; a new action
drops every undone entry (a linear history, as in every editor). Because it is in the library,
undo works after a restart, from the command line, and on papers no longer on screen.

An import keeps only what it did to papers already in the library (fields filled in, tags)
and its batch number: its new papers are the batch's. Undoing it deletes them, keeping their
rows in the entry so that redo can bring them back.

Typing a note saves it every second; consecutive saves of one note within a minute are one
entry ("Edit note of …"), its first before image and its last after image.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from papershelf.core.journal import Change, Conflict, Journal, pack, unpack
from papershelf.core.library import Library, now

KEPT = 1000
COALESCE = timedelta(seconds=60)


@dataclass(frozen=True)
class Entry:
    """One action in the history."""

    id: int
    at: str
    label: str
    kind: str
    undone: int  # 0 done, 1 undone (can be redone), -1 set aside (its rows changed since)

    @property
    def state(self) -> str:
        """ "done", "undone" or "set aside"."""
        return {0: "done", 1: "undone"}.get(self.undone, "set aside")

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "label": self.label, "state": self.state}


def record(
    library: Library,
    label: str,
    journal: Journal,
    *,
    kind: str = "rows",
    target: str | None = None,
    batch: int | None = None,
) -> int | None:
    """Add an entry for the journal's changes (inside the operation's transaction).

    An entry of the same ``kind`` and ``target`` made less than a minute ago (a note being
    typed) takes these changes instead of a new entry being made.
    """
    conn = library.conn
    if not journal.changes and batch is None:
        return None
    conn.execute("DELETE FROM history WHERE undone = 1")
    if target is not None:
        latest = conn.execute(
            "SELECT id, at, payload FROM history WHERE kind = ? AND target = ? AND undone = 0 "
            "AND id = (SELECT max(id) FROM history)",
            [kind, target],
        ).fetchone()
        if latest and _recent(latest[1]):
            merged = _merged(unpack(latest[2]), journal.changes)
            conn.execute(
                "UPDATE history SET payload = ?, at = ?, label = ? WHERE id = ?",
                [pack(merged), now(), label, latest[0]],
            )
            return int(latest[0])
    entry_id = conn.execute(
        "INSERT INTO history (at, label, kind, target, batch_id, payload) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [now(), label, kind, target, batch, pack(journal.changes)],
    ).lastrowid
    conn.execute("DELETE FROM history WHERE id <= ?", [int(entry_id or 0) - KEPT])
    return entry_id


def entries(library: Library, limit: int = KEPT) -> list[Entry]:
    """The history, newest first."""
    rows = library.conn.execute(
        "SELECT id, at, label, kind, undone FROM history ORDER BY id DESC LIMIT ?", [limit]
    )
    return [Entry(i, at, label, kind, undone) for i, at, label, kind, undone in rows]


def next_undo(library: Library) -> Entry | None:
    """The entry Ctrl+Z would undo."""
    return _entry(library, "undone = 0 ORDER BY id DESC")


def next_redo(library: Library) -> Entry | None:
    """The entry Ctrl+Shift+Z would redo."""
    return _entry(library, "undone = 1 ORDER BY id ASC")


def undo(library: Library) -> tuple[Entry, Journal]:
    """Undo the newest action; a Conflict (nothing written) if its rows changed since."""
    entry = next_undo(library)
    if entry is None:
        raise Conflict("There is nothing to undo.")
    journal = Journal(library.conn)
    try:
        with library.transaction():
            changes, batch = _payload(library, entry.id)
            journal.apply(changes, backwards=True)
            if batch is not None:
                changes = _undo_batch(library, journal, batch) + changes
            library.conn.execute(
                "UPDATE history SET undone = 1, payload = ?, batch_id = NULL WHERE id = ?",
                [pack(changes), entry.id],
            )
    except Conflict as exc:  # rolled back: nothing was written
        _set_aside(library, entry)  # the next undo goes on with the action before it
        raise Conflict(f"Cannot undo “{entry.label}”: {exc}; nothing was changed.") from None
    return entry, journal


def redo(library: Library) -> tuple[Entry, Journal]:
    """Redo the oldest undone action; a Conflict (nothing written) if its rows changed since."""
    entry = next_redo(library)
    if entry is None:
        raise Conflict("There is nothing to redo.")
    journal = Journal(library.conn)
    try:
        with library.transaction():
            changes, _ = _payload(library, entry.id)
            journal.apply(changes, backwards=False)
            library.conn.execute("UPDATE history SET undone = 0 WHERE id = ?", [entry.id])
    except Conflict as exc:
        _set_aside(library, entry)
        raise Conflict(f"Cannot redo “{entry.label}”: {exc}; nothing was changed.") from None
    return entry, journal


def _set_aside(library: Library, entry: Entry) -> None:
    """Take an entry that can no longer be undone or redone out of the way (kept, listed)."""
    with library.transaction():
        library.conn.execute("UPDATE history SET undone = -1 WHERE id = ?", [entry.id])


def _undo_batch(library: Library, journal: Journal, batch: int) -> list[Change]:
    """Delete an import's new papers and its batch; their rows, as inserts, for redo."""
    start = len(journal.changes)
    ids = [r[0] for r in library.conn.execute("SELECT id FROM papers WHERE batch_id = ?", [batch])]
    journal.delete("papers", [(i,) for i in ids])
    journal.delete("batches", [(batch,)])
    deleted = journal.changes[start:]
    return [Change(c.table, c.key, None, c.before) for c in reversed(deleted)]


def _payload(library: Library, entry_id: int) -> tuple[list[Change], int | None]:
    payload, batch = library.conn.execute(
        "SELECT payload, batch_id FROM history WHERE id = ?", [entry_id]
    ).fetchone()
    return unpack(payload), batch


def _entry(library: Library, where: str) -> Entry | None:
    row = library.conn.execute(
        f"SELECT id, at, label, kind, undone FROM history WHERE {where} LIMIT 1"
    ).fetchone()
    return Entry(row[0], row[1], row[2], row[3], row[4]) if row else None


def _recent(at: str) -> bool:
    return datetime.now(UTC) - datetime.fromisoformat(at) < COALESCE


def _merged(earlier: list[Change], later: list[Change]) -> list[Change]:
    """Two runs of changes as one: an update of a row keeps its first before image."""
    out = list(earlier)
    index = {(c.table, c.key): n for n, c in enumerate(out) if c.before and c.after}
    for change in later:
        n = index.get((change.table, change.key))
        if n is not None and change.before and change.after:
            first = out[n]
            before = {**change.before, **(first.before or {})}
            out[n] = Change(
                change.table, change.key, before, {**(first.after or {}), **change.after}
            )
        else:
            out.append(change)
    return out


PAST = {
    "Mark": "Marked", "Tag": "Tagged", "Untag": "Untagged", "Rename": "Renamed",
    "Merge": "Merged", "Edit": "Edited", "Move": "Moved", "Restore": "Restored",
    "Empty": "Emptied", "Remove": "Removed", "Highlight": "Highlighted", "Import": "Imported",
}  # fmt: skip


def done(label: str) -> str:
    """What an action did, said after it: "Tag 'rag' on 12 papers" → "Tagged 'rag' on 12
    papers"."""
    verb, _, rest = label.partition(" ")
    return f"{PAST[verb]} {rest}" if verb in PAST else label


def describe(entry: Entry | None, verb: str) -> str:
    """The Edit menu's text: "Undo tag 'rag' on 12 papers", or the verb alone."""
    if entry is None:
        return verb
    return f"{verb} {entry.label[:1].lower()}{entry.label[1:]}"


__all__ = ["Conflict", "Entry", "describe", "done", "entries", "record", "redo", "undo"]

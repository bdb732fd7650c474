"""Every user action on papers, each one transaction that returns what it changed.

The window and the CLI call these and nothing lower: marking, tagging and note editing.
Importing lives in ``importing``. Text changes (notes) put the paper on the index queue in the
same transaction, so the index can never miss them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from papershelf.core.errors import NotFound, PapershelfError
from papershelf.core.library import Library, now
from papershelf.core.records import STATUSES
from papershelf.core.textutil import squash


@dataclass(frozen=True)
class Changes:
    """What an operation changed: which papers, and whether tags, counts or text moved."""

    papers: frozenset[int] = frozenset()
    tags: bool = False
    counts: bool = False
    text: bool = False
    before: dict[int, object] = field(default_factory=dict, compare=False)


def _ids(library: Library, ids: Iterable[int]) -> list[int]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    missing = sorted(set(wanted) - library.existing_ids(wanted))
    if missing:
        names = ", ".join(map(str, missing))
        raise NotFound(f"There is no paper with id {names}; `papershelf search` lists them.")
    return wanted


def queue_for_index(library: Library, ids: Iterable[int]) -> None:
    """Put papers on the index queue (inside the caller's transaction)."""
    library.conn.executemany(
        "INSERT OR IGNORE INTO index_queue (paper_id) VALUES (?)", [(i,) for i in ids]
    )


def set_status(library: Library, ids: Iterable[int], status: str) -> Changes:
    """Mark papers unread, reading or read, recording when each one changed."""
    if status not in STATUSES:
        raise PapershelfError(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.")
    wanted = _ids(library, ids)
    stamp = now()
    with library.transaction() as db:
        rows = db.conn.execute(
            "SELECT id, status FROM papers WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)],
        ).fetchall()
        changing = {pid: old for pid, old in rows if old != status}
        db.conn.executemany(
            "UPDATE papers SET status = ?, status_changed = ? WHERE id = ?",
            [(status, stamp, pid) for pid in changing],
        )
        db.conn.executemany(
            "INSERT INTO status_history (paper_id, status, at) VALUES (?, ?, ?)",
            [(pid, status, stamp) for pid in changing],
        )
    return Changes(papers=frozenset(changing), counts=bool(changing), before=dict(changing))


def clean_tag(name: str) -> str:
    """A tag as stored: whitespace squashed; refuses an empty name."""
    tag = squash(name)
    if not tag:
        raise PapershelfError("A tag needs a name.")
    return tag


def add_tag(library: Library, ids: Iterable[int], name: str) -> Changes:
    """Tag papers; the tag is created on first use and matched case-insensitively after."""
    tag = clean_tag(name)
    wanted = _ids(library, ids)
    with library.transaction() as db:
        db.conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [tag])
        tag_id = db.conn.execute("SELECT id FROM tags WHERE name = ?", [tag]).fetchone()[0]
        before = _tagged(library, wanted, tag_id)
        db.conn.executemany(
            "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) VALUES (?, ?)",
            [(pid, tag_id) for pid in wanted],
        )
    changed = frozenset(wanted) - before
    return Changes(papers=changed, tags=True, counts=bool(changed))


def remove_tag(library: Library, ids: Iterable[int], name: str) -> Changes:
    """Untag papers; a tag left on no paper disappears."""
    tag = clean_tag(name)
    wanted = _ids(library, ids)
    row = library.conn.execute("SELECT id FROM tags WHERE name = ?", [tag]).fetchone()
    if row is None:
        raise NotFound(f"There is no tag {tag!r}; `papershelf tags` lists them.")
    tag_id = row[0]
    with library.transaction() as db:
        changed = _tagged(library, wanted, tag_id)
        db.conn.executemany(
            "DELETE FROM paper_tags WHERE paper_id = ? AND tag_id = ?",
            [(pid, tag_id) for pid in changed],
        )
        db.conn.execute(
            "DELETE FROM tags WHERE id = ? AND NOT EXISTS "
            "(SELECT 1 FROM paper_tags WHERE tag_id = ?)",
            [tag_id, tag_id],
        )
    return Changes(papers=frozenset(changed), tags=True, counts=bool(changed))


def _tagged(library: Library, ids: list[int], tag_id: int) -> frozenset[int]:
    rows = library.conn.execute(
        "SELECT paper_id FROM paper_tags WHERE tag_id = ? "
        "AND paper_id IN (SELECT value FROM json_each(?))",
        [tag_id, json.dumps(ids)],
    )
    return frozenset(row[0] for row in rows)


def set_note(library: Library, paper_id: int, text: str, *, append: bool = False) -> Changes:
    """Replace a paper's Markdown note, or append a paragraph to it."""
    (pid,) = _ids(library, [paper_id])
    with library.transaction() as db:
        old = db.conn.execute("SELECT note FROM papers WHERE id = ?", [pid]).fetchone()[0]
        new = f"{old.rstrip()}\n\n{text}".strip() if append and old.strip() else text
        if new == old:
            return Changes()
        db.conn.execute(
            "UPDATE papers SET note = ?, updated = ?, rev = rev + 1 WHERE id = ?",
            [new, now(), pid],
        )
        queue_for_index(library, [pid])
    return Changes(papers=frozenset([pid]), text=True, before={pid: old})


def remove_batch(library: Library, batch_id: int) -> Changes:
    """Undo an import: remove the papers it added (and the batch); filled-in fields stay."""
    row = library.conn.execute("SELECT id FROM batches WHERE id = ?", [batch_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no import {batch_id}; `papershelf batches` lists them.")
    with library.transaction() as db:
        ids = [
            r[0] for r in db.conn.execute("SELECT id FROM papers WHERE batch_id = ?", [batch_id])
        ]
        db.conn.execute("DELETE FROM papers WHERE batch_id = ?", [batch_id])
        db.conn.execute("DELETE FROM batches WHERE id = ?", [batch_id])
        db.conn.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM paper_tags)")
        queue_for_index(library, ids)
    return Changes(papers=frozenset(ids), tags=True, counts=True, text=True)

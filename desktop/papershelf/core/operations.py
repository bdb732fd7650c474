"""Every user action on papers: one operation, one transaction, undoable, returning what changed.

The window and the CLI call these and nothing lower. Each operation writes through a
``Journal`` (so it knows how to reverse itself) inside ``run``, which records it in the
history with a label saying what it did ("Tag 'rag' on 12 papers") and returns ``Changes``:
which papers, and whether tags, counts or text moved, so that a face refreshes only that.
Importing lives in ``importing`` and records itself the same way; highlights live in
``annotations``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from papershelf.core import history
from papershelf.core.anchoring import reanchor
from papershelf.core.errors import NotFound, PapershelfError
from papershelf.core.journal import INDEXED, Journal
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
    membership: bool = False  # papers came, went, or moved in or out of the trash
    status: str | None = None  # the one status every changed paper now has, if one
    before: dict[int, object] = field(default_factory=dict, compare=False)  # old statuses
    label: str = ""


Work = Callable[[Journal], str]


def run(
    library: Library,
    work: Work,
    *,
    kind: str = "rows",
    target: str | None = None,
) -> Changes:
    """Run one operation in one transaction and record it; ``work`` returns its label."""
    with library.transaction():
        journal = Journal(library.conn)
        label = work(journal)
        history.record(library, label, journal, kind=kind, target=target)
    return changes_of(journal, label)


def changes_of(journal: Journal, label: str = "") -> Changes:
    """The ``Changes`` a journal's rows amount to."""
    before: dict[int, object] = {}
    statuses: set[object] = set()
    counts = journal.touched("paper_tags", "tags", "batches")
    text = journal.touched("highlights")
    membership = False
    for change in journal.changes:
        if change.table != "papers":
            continue
        if change.before is None or change.after is None:
            counts = text = membership = True
            continue
        if "status" in change.before:
            before[int(change.key[0])] = change.before["status"]
            statuses.add(change.after["status"])
        counts |= bool({"status", "trashed"} & change.before.keys())
        membership |= "trashed" in change.before
        text |= bool(INDEXED & change.before.keys())
    return Changes(
        papers=journal.papers(),
        tags=journal.touched("tags", "paper_tags"),
        counts=counts,
        text=text,
        membership=membership,
        status=str(next(iter(statuses))) if len(statuses) == 1 and not membership else None,
        before=before,
        label=label,
    )


def plural(count: int, noun: str) -> str:
    """ "1 paper", "12 papers"."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


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


def _keys(ids: Iterable[int]) -> list[tuple[int]]:
    return [(i,) for i in ids]


# -- status ----------------------------------------------------------------------------------


def set_status(library: Library, ids: Iterable[int], status: str) -> Changes:
    """Mark papers unread, reading or read, recording when each one changed."""
    if status not in STATUSES:
        raise PapershelfError(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.")
    wanted = _ids(library, ids)

    def work(journal: Journal) -> str:
        stamp = now()
        moving = _where(journal, wanted, "status <> ?", [status])
        changed = journal.update(
            "papers", _keys(moving), {"status": status, "status_changed": stamp}
        )
        for (pid,) in changed:
            journal.insert("status_history", {"paper_id": pid, "status": status, "at": stamp})
        return f"Mark {plural(len(changed), 'paper')} {status}"

    return run(library, work)


# -- tags ------------------------------------------------------------------------------------


def clean_tag(name: str) -> str:
    """A tag as stored: whitespace squashed; refuses an empty name."""
    tag = squash(name)
    if not tag:
        raise PapershelfError("A tag needs a name.")
    return tag


def tag_papers(journal: Journal, ids: list[int], tag: str) -> int:
    """Tag papers inside an operation (the tag made on first use); how many got it."""
    conn = journal.conn
    row = conn.execute("SELECT id FROM tags WHERE name = ?", [tag]).fetchone()
    tag_id = row[0] if row else journal.insert("tags", {"name": tag})
    have = _tagged(conn, ids, tag_id)
    for pid in ids:
        if pid not in have:
            journal.insert("paper_tags", {"paper_id": pid, "tag_id": tag_id})
    return len(ids) - len(have & set(ids))


def add_tag(library: Library, ids: Iterable[int], name: str) -> Changes:
    """Tag papers; the tag is created on first use and matched case-insensitively after."""
    tag = clean_tag(name)
    wanted = _ids(library, ids)
    return run(library, lambda j: f"Tag '{tag}' on {plural(tag_papers(j, wanted, tag), 'paper')}")


def remove_tag(library: Library, ids: Iterable[int], name: str) -> Changes:
    """Untag papers; a tag left on no paper disappears."""
    tag = clean_tag(name)
    wanted = _ids(library, ids)
    tag_id = _tag_id(library, tag)

    def work(journal: Journal) -> str:
        have = _tagged(journal.conn, wanted, tag_id)
        journal.delete("paper_tags", [(pid, tag_id) for pid in wanted if pid in have])
        _drop_if_unused(journal, tag_id)
        return f"Untag '{tag}' from {plural(len(have), 'paper')}"

    return run(library, work)


def rename_tag(library: Library, old: str, new: str) -> Changes:
    """Rename a tag; if a tag called ``new`` exists, merge ``old`` into it."""
    old_id = _tag_id(library, clean_tag(old))
    name = clean_tag(new)
    existing = library.conn.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()

    def work(journal: Journal) -> str:
        if existing is None or existing[0] == old_id:
            journal.update("tags", [(old_id,)], {"name": name})
            return f"Rename tag '{clean_tag(old)}' to '{name}'"
        rows = journal.conn.execute("SELECT paper_id FROM paper_tags WHERE tag_id = ?", [old_id])
        ids = [r[0] for r in rows]
        journal.delete("paper_tags", [(pid, old_id) for pid in ids])
        have = _tagged(journal.conn, ids, existing[0])
        for pid in ids:
            if pid not in have:
                journal.insert("paper_tags", {"paper_id": pid, "tag_id": existing[0]})
        journal.delete("tags", [(old_id,)])
        return f"Merge tag '{clean_tag(old)}' into '{name}' ({plural(len(ids), 'paper')})"

    return run(library, work)


def _tag_id(library: Library, tag: str) -> int:
    row = library.conn.execute("SELECT id FROM tags WHERE name = ?", [tag]).fetchone()
    if row is None:
        raise NotFound(f"There is no tag {tag!r}; `papershelf tags` lists them.")
    return int(row[0])


def _drop_if_unused(journal: Journal, tag_id: int) -> None:
    used = journal.conn.execute("SELECT 1 FROM paper_tags WHERE tag_id = ?", [tag_id]).fetchone()
    if used is None:
        journal.delete("tags", [(tag_id,)])


def _tagged(conn: object, ids: list[int], tag_id: int) -> set[int]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT paper_id FROM paper_tags WHERE tag_id = ? "
        "AND paper_id IN (SELECT value FROM json_each(?))",
        [tag_id, json.dumps(ids)],
    )
    return {row[0] for row in rows}


# -- notes and fields ------------------------------------------------------------------------


def set_note(
    library: Library, paper_id: int, text: str, *, append: bool = False, typing: bool = False
) -> Changes:
    """Replace a paper's Markdown note, or append a paragraph to it.

    ``typing``: saved from the editor as the user types; saves within a minute of each other
    are one entry in the history.
    """
    (pid,) = _ids(library, [paper_id])
    old, title = library.conn.execute(
        "SELECT note, title FROM papers WHERE id = ?", [pid]
    ).fetchone()
    new = f"{old.rstrip()}\n\n{text}".strip() if append and old.strip() else text

    def work(journal: Journal) -> str:
        journal.update("papers", [(pid,)], {"note": new})
        return f"Edit note of {quoted(title)}"

    return run(library, work, kind="note", target=str(pid) if typing else None)


EDITABLE = ("title", "authors", "year", "venue", "doi", "arxiv_id", "links")


def edit_fields(library: Library, paper_id: int, values: dict[str, object]) -> Changes:
    """Set a paper's fields as the user typed them; those fields are the user's from now on
    (a later import never overwrites them)."""
    (pid,) = _ids(library, [paper_id])
    clean = {name: _field_value(name, value) for name, value in values.items()}
    row = library.conn.execute("SELECT title, edited FROM papers WHERE id = ?", [pid]).fetchone()
    edited = sorted({*json.loads(row[1]), *clean})

    def work(journal: Journal) -> str:
        _check_unique(journal, pid, clean)
        changed = journal.update("papers", [(pid,)], {**clean, "edited": json.dumps(edited)})
        if "title" in clean:
            reanchor(journal, pid, "title", str(clean["title"]))
        names = [n for n in EDITABLE if n in clean]
        return f"Edit {', '.join(names)} of {quoted(row[0])}" if changed else ""

    return run(library, work)


def _field_value(name: str, value: object) -> object:
    from papershelf.core.identity import normalise_arxiv, normalise_doi

    if name not in EDITABLE:
        raise PapershelfError(
            f"The field {name!r} cannot be edited; edit one of {', '.join(EDITABLE)}."
        )
    if name in ("authors", "links"):
        items = (
            value
            if isinstance(value, list)
            else str(value).split(";" if name == "authors" else None)
        )
        return json.dumps([squash(str(v)) for v in items if squash(str(v))], ensure_ascii=False)
    text = squash(str(value or ""))
    if name == "title":
        if not text:
            raise PapershelfError("A paper needs a title.")
        return text
    if name == "year":
        if text and not (text.isdigit() and 1000 <= int(text) <= 2999):
            raise PapershelfError(f"“{text}” is not a year; give four digits, as 2024.")
        return int(text) if text else None
    if name == "doi":
        return (
            (normalise_doi(text) or _refuse(f"“{text}” is not a DOI (10.xxxx/…)."))
            if text
            else None
        )
    if name == "arxiv_id":
        return (normalise_arxiv(text) or _refuse(f"“{text}” is not an arXiv id.")) if text else None
    return text or None


def _refuse(message: str) -> str:
    raise PapershelfError(message)


def _check_unique(journal: Journal, pid: int, values: dict[str, object]) -> None:
    for column in ("doi", "arxiv_id"):
        value = values.get(column)
        if value:
            other = journal.conn.execute(
                f"SELECT id FROM papers WHERE {column} = ? AND id <> ?", [value, pid]
            ).fetchone()
            if other:
                what = "DOI" if column == "doi" else "arXiv id"
                raise PapershelfError(
                    f"Paper {other[0]} already has the {what} {value}; give another, or "
                    f"correct paper {other[0]} first (`papershelf show {other[0]}`)."
                )


def quoted(title: str) -> str:
    """A title in a label, cut to stay one short line."""
    return f"“{title[:57]}…”" if len(title) > 58 else f"“{title}”"


# -- trash -----------------------------------------------------------------------------------


def trash(library: Library, ids: Iterable[int]) -> Changes:
    """Move papers to the trash: out of every view, search and count until restored."""
    wanted = _ids(library, ids)

    def work(journal: Journal) -> str:
        live = _where(journal, wanted, "trashed IS NULL")
        journal.update("papers", _keys(live), {"trashed": now()})
        return f"Move {plural(len(live), 'paper')} to the trash"

    return run(library, work)


def restore(library: Library, ids: Iterable[int]) -> Changes:
    """Bring papers back from the trash."""
    wanted = _ids(library, ids)

    def work(journal: Journal) -> str:
        trashed = _where(journal, wanted, "trashed IS NOT NULL")
        journal.update("papers", _keys(trashed), {"trashed": None})
        return f"Restore {plural(len(trashed), 'paper')} from the trash"

    return run(library, work)


def empty_trash(library: Library) -> Changes:
    """Delete the papers in the trash for good (undoable until the history forgets it)."""

    def work(journal: Journal) -> str:
        rows = journal.conn.execute("SELECT id FROM papers WHERE trashed IS NOT NULL")
        ids = [r[0] for r in rows]
        journal.delete("papers", _keys(ids))
        _drop_unused_tags(journal)
        return f"Empty the trash ({plural(len(ids), 'paper')})"

    return run(library, work)


def _where(
    journal: Journal, ids: list[int], condition: str, params: list[object] | None = None
) -> list[int]:
    """Those of ``ids`` that meet an SQL condition, in their order."""
    rows = journal.conn.execute(
        f"SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?)) AND {condition}",
        [json.dumps(ids), *(params or [])],
    )
    found = {r[0] for r in rows}
    return [i for i in ids if i in found]


def _drop_unused_tags(journal: Journal) -> None:
    rows = journal.conn.execute(
        "SELECT id FROM tags WHERE id NOT IN (SELECT tag_id FROM paper_tags)"
    )
    journal.delete("tags", [(r[0],) for r in rows])


# -- imports ---------------------------------------------------------------------------------


def remove_batch(library: Library, batch_id: int) -> Changes:
    """Remove the papers an import added (and the import); fields it filled in stay."""
    row = library.conn.execute("SELECT source FROM batches WHERE id = ?", [batch_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no import {batch_id}; `papershelf batches` lists them.")

    def work(journal: Journal) -> str:
        rows = journal.conn.execute("SELECT id FROM papers WHERE batch_id = ?", [batch_id])
        ids = [r[0] for r in rows]
        journal.delete("papers", _keys(ids))
        journal.delete("batches", [(batch_id,)])
        _drop_unused_tags(journal)
        return f"Remove import {batch_id} ({plural(len(ids), 'paper')})"

    return run(library, work)


# -- undo and redo ---------------------------------------------------------------------------


def undo(library: Library) -> Changes:
    """Undo the newest action in the history (a restart or the CLI in between)."""
    entry, journal = history.undo(library)
    return changes_of(journal, f"Undid {entry.label[:1].lower()}{entry.label[1:]}")


def redo(library: Library) -> Changes:
    """Redo the action undone last."""
    entry, journal = history.redo(library)
    return changes_of(journal, f"Redid {entry.label[:1].lower()}{entry.label[1:]}")

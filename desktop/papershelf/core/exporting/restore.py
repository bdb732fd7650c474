"""Putting back what a Papershelf export carries beyond papers, as it is imported.

The import merges the export's papers like any other input's (identity rules, one batch);
then, inside the same transaction, each exported paper's extras go to the paper it became.
Tags, highlights, reading history and the changes to papers already there go through the
import's journal; the fields of a paper the import made are written into its row, which the
batch owns. Undoing the import takes all of it back, and redoing it brings it all again:

- a paper this import made gets everything the export held: every field exactly (the import
  cleaned them), its note, read status and reading history, the fields the user had edited,
  its trash state, its tags and its highlights;
- a paper that was already in the library (or that an earlier copy in the same export made)
  keeps what the user has and gets only what it lacks: tags, highlights, and the note if it
  has none.

The export's saved searches are added too (through the journal, so undoing the import takes
them back), after the library's own; one whose name the library already has (whatever its
case) is left out: the library's is the user's.

Which paper a record became is found again by the identity rules (``merging.find_match``); a
paper too vague for them (no identifier, a one-word title) was always made new, in file order,
and is taken from this batch's such papers in that order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from papershelf.core.anchoring import find_quote
from papershelf.core.exporting.lossless import Exported, ExportedSearch
from papershelf.core.identity import identifying_title
from papershelf.core.journal import Journal
from papershelf.core.library import Library
from papershelf.core.merging import IDENTIFIERS, LIST_FIELDS, find_match
from papershelf.core.operations import clean_tag, tag_papers
from papershelf.core.records import FILLABLE
from papershelf.core.textutil import squash, title_key

# Columns a new paper takes exactly as exported. Identifiers are left as the import
# normalised them: the library's unique indexes hold them.
RESTORED = (
    "title",
    *(name for name in FILLABLE if name not in IDENTIFIERS),
    "note",
    "status",
    "status_changed",
    "added",
    "trashed",
    "edited",
)
JSON_COLUMNS = {*LIST_FIELDS, "edited"}


def restore(
    library: Library, journal: Journal, papers: Iterable[Exported], batch_id: int
) -> set[int]:
    """Give each exported paper's extras to the paper it became; the ids of those changed."""
    vague = _vague_papers(library, batch_id)
    rows = library.conn.execute("SELECT id FROM papers WHERE batch_id = ?", [batch_id])
    made = {row[0] for row in rows}
    changed: set[int] = set()
    for paper in papers:
        record = paper.record.cleaned()
        match = find_match(library, record)
        if match is not None:
            paper_id = int(match["id"])
        else:
            queue = vague.get(title_key(record.title), [])
            if not queue:
                continue  # the import refused or skipped it
            paper_id = queue.pop(0)
        if paper_id in made:
            made.discard(paper_id)  # a later copy in the export only adds what is missing
            _restore_new(journal, paper_id, paper)
            changed.add(paper_id)
        elif _add_missing(journal, paper_id, paper):
            changed.add(paper_id)
    return changed


def _vague_papers(library: Library, batch_id: int) -> dict[str, list[int]]:
    """This batch's papers the identity rules cannot find, by title key, in the order made."""
    rows = library.conn.execute(
        "SELECT id, title_key FROM papers WHERE batch_id = ? AND doi IS NULL "
        "AND arxiv_id IS NULL AND pmid IS NULL ORDER BY id",
        [batch_id],
    )
    found: dict[str, list[int]] = {}
    for paper_id, key in rows:
        if not identifying_title(key):
            found.setdefault(key, []).append(paper_id)
    return found


def _row(journal: Journal, paper_id: int) -> dict[str, Any]:
    cursor = journal.conn.execute("SELECT * FROM papers WHERE id = ?", [paper_id])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def _restore_new(journal: Journal, paper_id: int, paper: Exported) -> None:
    """Everything the export held, on a paper this import made from it."""
    row = _row(journal, paper_id)
    fields = {name: getattr(paper.record, name) for name in RESTORED if name not in paper.columns}
    exported = {**fields, **paper.columns}
    if exported["added"] is None:
        exported["added"] = row["added"]  # an export that does not say keeps the import's time
    wanted = {
        name: json.dumps(exported[name], ensure_ascii=False) if name in JSON_COLUMNS else value
        for name in RESTORED
        for value in (exported[name],)
    }
    changes = {name: value for name, value in wanted.items() if row[name] != value}
    if "title" in changes:
        changes["title_key"] = title_key(changes["title"])
    if changes:  # straight into the row the merge made: see _write_new
        _write_new(journal, paper_id, changes)
    for tag in paper.tags:
        tag_papers(journal, [paper_id], clean_tag(tag))
    text = {"title": wanted["title"], "abstract": wanted["abstract"]}
    for mark in paper.highlights:
        journal.insert("highlights", {"paper_id": paper_id, **_placed(text[mark["field"]], mark)})
    for change in paper.status_history:
        journal.insert("status_history", {"paper_id": paper_id, **change})


def _write_new(journal: Journal, paper_id: int, values: dict[str, Any]) -> None:
    """Set columns of a paper this import made, outside the journal. The batch owns the row:
    undoing the import deletes it whole (the history keeping it as it is then, for redo), and
    the history cannot redo an update of a row that its own entry inserts."""
    sets = ", ".join(f"{name} = ?" for name in values)
    journal.conn.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*values.values(), paper_id])


def _add_missing(journal: Journal, paper_id: int, paper: Exported) -> bool:
    """The tags, highlights and note a paper already in the library lacks; whether any."""
    row = _row(journal, paper_id)
    added = sum(tag_papers(journal, [paper_id], clean_tag(tag)) for tag in paper.tags)
    if not row["note"].strip() and paper.columns["note"].strip():
        journal.update("papers", [(paper_id,)], {"note": paper.columns["note"]})
        added += 1
    have = {
        tuple(r)
        for r in journal.conn.execute(
            "SELECT field, start, stop, quote FROM highlights WHERE paper_id = ?", [paper_id]
        )
    }
    for mark in paper.highlights:
        placed = _placed(row[mark["field"]], mark)
        if (placed["field"], placed["start"], placed["stop"], placed["quote"]) not in have:
            journal.insert("highlights", {"paper_id": paper_id, **placed})
            have.add((placed["field"], placed["start"], placed["stop"], placed["quote"]))
            added += 1
    return bool(added)


def _placed(text: str, mark: dict[str, Any]) -> dict[str, Any]:
    """A highlight where its quote stands in ``text``; flagged lost when it is not there."""
    if mark["lost"] or text[mark["start"] : mark["stop"]] == mark["quote"]:
        return mark
    at = find_quote(text, mark["quote"], mark["prefix"], mark["suffix"], mark["start"])
    if at is None:
        return {**mark, "lost": 1}
    return {**mark, "start": at, "stop": at + len(mark["quote"])}


def restore_saved(journal: Journal, searches: Iterable[ExportedSearch]) -> int:
    """Add the export's saved searches the library has no namesake of; how many."""
    conn = journal.conn
    have = {row[0].casefold() for row in conn.execute("SELECT name FROM saved_searches")}
    last = conn.execute("SELECT max(position) FROM saved_searches").fetchone()[0]
    position = -1 if last is None else last
    added = 0
    for search in searches:
        name, query = squash(search.name), squash(search.query)
        if name.casefold() in have:
            continue
        position += 1
        row = {"name": name, "query": query, "position": position, "created": search.created}
        journal.insert("saved_searches", row)
        have.add(name.casefold())
        added += 1
    return added

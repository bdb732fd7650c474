"""Saved searches: a query of the search box's language kept under a name, in the user's order.

The sidebar lists them (with how many papers each finds now) and ``papershelf saved`` prints
them. Saving, renaming, removing and reordering are operations like those in ``operations``:
one transaction through a ``Journal``, recorded in the history, so Ctrl+Z and
``papershelf undo`` take them back. A query is kept as typed (whitespace squashed): it is
parsed each time it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from papershelf.core.errors import NotFound, PapershelfError
from papershelf.core.journal import Journal
from papershelf.core.library import Library, now
from papershelf.core.listing import RECENT_DAYS, View
from papershelf.core.operations import Changes, run
from papershelf.core.query import Or, parse
from papershelf.core.textutil import squash

TABLE = "saved_searches"


@dataclass(frozen=True)
class SavedSearch:
    """One saved search: its id, name, query and place in the list (0 first)."""

    id: int
    name: str
    query: str
    position: int

    def as_json(self) -> dict[str, Any]:
        """The saved search as ``--json`` prints it."""
        return {"id": self.id, "name": self.name, "query": self.query, "position": self.position}


def saved_searches(library: Library) -> list[SavedSearch]:
    """Every saved search, in the user's order."""
    rows = library.conn.execute(
        f"SELECT id, name, query, position FROM {TABLE} ORDER BY position, id"
    )
    return [SavedSearch(*row) for row in rows]


def find(library: Library, name_or_id: str | int) -> SavedSearch:
    """The saved search with this id (an int) or name (any case; digits also try the id)."""
    searches = saved_searches(library)
    if isinstance(name_or_id, str):
        name = squash(name_or_id).casefold()
        for search in searches:
            if search.name.casefold() == name:
                return search
        wanted = int(name) if name.isdigit() else None
    else:
        wanted = int(name_or_id)
    for search in searches:
        if search.id == wanted:
            return search
    raise NotFound(f"There is no saved search {name_or_id!r}; `papershelf saved` lists them.")


def query_of(library: Library, search_id: int) -> str | None:
    """The query of the saved search with this id, or None if it is gone."""
    row = library.conn.execute(f"SELECT query FROM {TABLE} WHERE id = ?", [search_id]).fetchone()
    return row[0] if row else None


def clean_name(name: str) -> str:
    """A name as stored: whitespace squashed; refuses an empty one."""
    cleaned = squash(name)
    if not cleaned:
        raise PapershelfError("A saved search needs a name.")
    return cleaned


def clean_query(query: str) -> str:
    """A query as stored: whitespace squashed; refuses an empty one."""
    cleaned = squash(query)
    if not cleaned:
        raise PapershelfError("A saved search needs a query.")
    return cleaned


def refined(query: str, text: str) -> str:
    """A saved query narrowed by more text, as one query: both must match."""
    if not squash(text):
        return query
    return f"{_grouped(query)} {_grouped(text)}"


def view_query(library: Library, view: View, text: str) -> str:
    """What to save for the search box's text shown in a sidebar view: the text, with the
    view as part of the query where the language can say it (a read status, a tag, recently
    added, a saved search being refined); an import, read next or the trash cannot be."""
    base: str | None = None
    if view.kind == "status":
        base = f"is:{view.value}"
    elif view.kind == "tag" and '"' not in str(view.value):
        plain = re.fullmatch(r"[\w.+-]+", str(view.value))
        base = f"tag:{view.value}" if plain else f'tag:"{view.value}"'
    elif view.kind == "recent":
        base = f"added:{RECENT_DAYS}d"
    elif view.kind == "saved":
        base = query_of(library, int(view.value or 0))
    return squash(refined(base, text) if base else text)


def _grouped(query: str) -> str:
    parsed = parse(query)
    return f"({query})" if isinstance(parsed.tree, Or) and parsed.error is None else query


def _refuse_taken(library: Library, name: str, keep: int | None = None) -> None:
    row = library.conn.execute(
        f"SELECT id, name FROM {TABLE} WHERE name = ? COLLATE NOCASE", [name]
    ).fetchone()
    if row is not None and row[0] != keep:
        raise PapershelfError(
            f"There is already a saved search called '{row[1]}'; pick another name."
        )


# -- operations --------------------------------------------------------------------------------


def add(library: Library, name: str, query: str) -> Changes:
    """Save a query under a name, at the end of the list."""
    cleaned, text = clean_name(name), clean_query(query)
    _refuse_taken(library, cleaned)

    def work(journal: Journal) -> str:
        last = journal.conn.execute(f"SELECT max(position) FROM {TABLE}").fetchone()[0]
        journal.insert(
            TABLE,
            {
                "name": cleaned,
                "query": text,
                "position": 0 if last is None else last + 1,
                "created": now(),
            },
        )
        return f"Save search '{cleaned}'"

    return run(library, work)


def rename(library: Library, old_or_id: str | int, new: str) -> Changes:
    """Give a saved search another name (a change of case alone is a rename too)."""
    search = find(library, old_or_id)
    cleaned = clean_name(new)
    _refuse_taken(library, cleaned, keep=search.id)

    def work(journal: Journal) -> str:
        journal.update(TABLE, [(search.id,)], {"name": cleaned})
        return f"Rename saved search '{search.name}' to '{cleaned}'"

    return run(library, work)


def remove(library: Library, name_or_id: str | int) -> Changes:
    """Delete a saved search (its papers stay as they are)."""
    search = find(library, name_or_id)

    def work(journal: Journal) -> str:
        journal.delete(TABLE, [(search.id,)])
        return f"Remove saved search '{search.name}'"

    return run(library, work)


def move(library: Library, search_id: int, new_position: int) -> Changes:
    """Put a saved search at another place in the list (0 first; beyond the end: last)."""
    search = find(library, search_id)

    def work(journal: Journal) -> str:
        order = [s for s in saved_searches(library) if s.id != search.id]
        place = max(0, min(new_position, len(order)))
        order.insert(place, search)
        for position, each in enumerate(order):
            journal.update(TABLE, [(each.id,)], {"position": position})
        return f"Move saved search '{search.name}' to place {place + 1}"

    return run(library, work)

"""Highlights: spans of a paper's title or abstract, kept with their quote, in one of five colours.

A highlight stores where it is (the field and the characters it spans), what it says (its
exact quote) and a little of what surrounds it, so that when the text changes under it (a
page's one-line summary replaced by the real abstract, a corrected title) it can be found
again by its quote. One that cannot be placed is kept, flagged ``lost``, never dropped. Every
change here is an operation (``operations.run``): undoable, in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from papershelf.core.anchoring import find_quote, reanchor
from papershelf.core.errors import NotFound, PapershelfError
from papershelf.core.journal import Journal
from papershelf.core.library import Library, now
from papershelf.core.operations import Changes, quoted, run

COLOURS = ("yellow", "green", "blue", "pink", "orange")  # keys 1-5
FIELDS = ("title", "abstract")
CONTEXT = 32  # characters of text kept on each side of a quote

__all__ = ["COLOURS", "Highlight", "add_highlight", "find_quote", "highlights_of", "reanchor"]


@dataclass(frozen=True)
class Highlight:
    """One highlight as stored."""

    id: int
    paper_id: int
    field: str
    start: int
    stop: int
    quote: str
    colour: int
    comment: str
    lost: bool

    @property
    def colour_name(self) -> str:
        """The colour's name ("yellow")."""
        return COLOURS[self.colour - 1]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "field": self.field,
            "start": self.start,
            "stop": self.stop,
            "quote": self.quote,
            "colour": self.colour_name,
            "comment": self.comment,
            "lost": self.lost,
        }


def highlights_of(library: Library, paper_id: int) -> list[Highlight]:
    """A paper's highlights, in reading order (title first), lost ones last."""
    rows = library.conn.execute(
        "SELECT id, paper_id, field, start, stop, quote, colour, comment, lost FROM highlights "
        "WHERE paper_id = ? ORDER BY lost, field = 'abstract', start, id",
        [paper_id],
    )
    return [_from_row(row) for row in rows]


def add_highlight(
    library: Library,
    paper_id: int,
    field: str,
    start: int,
    stop: int,
    *,
    colour: int = 1,
    comment: str = "",
) -> tuple[Changes, int]:
    """Highlight characters ``start:stop`` of a paper's title or abstract; the new id too."""
    if field not in FIELDS:
        raise PapershelfError(f"Only the {' or the '.join(FIELDS)} can be highlighted.")
    _check_colour(colour)
    row = library.conn.execute(
        f"SELECT {field}, title FROM papers WHERE id = ?", [paper_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no paper with id {paper_id}; `papershelf search` lists them.")
    text, title = row
    start, stop = _trimmed(text, max(0, start), min(len(text), stop))
    if start >= stop:
        raise PapershelfError("Select some words of the title or abstract to highlight.")
    made: list[int] = []

    def work(journal: Journal) -> str:
        made.append(
            journal.insert(
                "highlights",
                {
                    "paper_id": paper_id,
                    "field": field,
                    "start": start,
                    "stop": stop,
                    "quote": text[start:stop],
                    "prefix": text[max(0, start - CONTEXT) : start],
                    "suffix": text[stop : stop + CONTEXT],
                    "colour": colour,
                    "comment": comment.strip(),
                    "created": now(),
                },
            )
        )
        return f"Highlight {quoted(text[start:stop])} in {quoted(title)}"

    return run(library, work), made[0]


def set_highlight(
    library: Library, highlight_id: int, *, colour: int | None = None, comment: str | None = None
) -> Changes:
    """Change a highlight's colour or its comment."""
    found = _highlight(library, highlight_id)
    values: dict[str, object] = {}
    if colour is not None:
        _check_colour(colour)
        values["colour"] = colour
    if comment is not None:
        values["comment"] = comment.strip()

    def work(journal: Journal) -> str:
        journal.update("highlights", [(highlight_id,)], values)
        what = "comment on" if comment is not None else f"colour ({COLOURS[colour - 1]}) of"  # type: ignore[operator]
        return f"Set the {what} highlight {quoted(found.quote)}"

    return run(library, work)


def remove_highlight(library: Library, highlight_id: int) -> Changes:
    """Remove a highlight."""
    found = _highlight(library, highlight_id)

    def work(journal: Journal) -> str:
        journal.delete("highlights", [(highlight_id,)])
        return f"Remove highlight {quoted(found.quote)}"

    return run(library, work)


def _trimmed(text: str, start: int, stop: int) -> tuple[int, int]:
    """A span without the spaces at its ends (a selection that took a space too)."""
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop


def _check_colour(colour: int) -> None:
    if not 1 <= colour <= len(COLOURS):
        raise PapershelfError(f"Colours are 1 to {len(COLOURS)} ({', '.join(COLOURS)}).")


def _from_row(row: tuple[Any, ...]) -> Highlight:
    """A highlight from its row (the columns in ``Highlight``'s order; ``lost`` is 0 or 1)."""
    ident, paper_id, field, start, stop, quote, colour, comment, lost = row
    return Highlight(ident, paper_id, field, start, stop, quote, colour, comment, bool(lost))


def _highlight(library: Library, highlight_id: int) -> Highlight:
    row = library.conn.execute(
        "SELECT id, paper_id, field, start, stop, quote, colour, comment, lost FROM highlights "
        "WHERE id = ?",
        [highlight_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no highlight {highlight_id}.")
    return _from_row(row)

"""Which papers an export takes, and reading them from the library a few hundred at a time.

An export names its papers with the search box's language (``tag:rag year:>=2024``); no query
means every paper outside the trash. They come in the library's order (the order they were
added), which keeps exports of the same papers identical, unless the query says ``sort:``.
Papers are read in chunks, with their highlights and reading history when a format needs them,
so exporting 75,000 papers never holds them all in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from papershelf.core.library import LIVE, Library
from papershelf.core.query import parse

if TYPE_CHECKING:
    from papershelf.core.search import Searcher

CHUNK = 500
HIGHLIGHT_COLUMNS = (
    "field", "start", "stop", "quote", "prefix", "suffix", "colour", "comment", "lost", "created"
)  # fmt: skip

T = TypeVar("T")


@dataclass(frozen=True)
class Selection:
    """The ids an export takes, and what the search box would say about the query."""

    ids: list[int]
    error: str | None = None


def select(library: Library, searcher: Searcher, query: str, *, trash: bool = False) -> Selection:
    """The papers ``query`` finds (none: every paper outside the trash); ``trash`` adds the
    papers in the trash that it finds."""
    text = query.strip()
    if not text:
        where = "" if trash else f"WHERE {LIVE}"
        rows = library.conn.execute(f"SELECT id FROM papers {where} ORDER BY id")
        return Selection([row[0] for row in rows])
    result = searcher.search(text)
    ids = list(result.ids)
    if trash:
        ids += searcher.search(text, trash=True).ids
    if parse(text).sort is None:
        ids.sort()
    return Selection(ids, result.error)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def papers_of(library: Library, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The papers with these ids, in their order, as ``Library.papers`` gives them."""
    for chunk in chunked(ids, CHUNK):
        yield from library.papers(chunk)


def annotated(library: Library, papers: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each paper with its ``highlights`` (every column but the ids, in reading order, lost
    ones last) and its ``status_history`` ({status, at}, oldest first)."""
    for chunk in chunked(papers, CHUNK):
        ids = json.dumps([paper["id"] for paper in chunk])
        marks = _grouped(
            library,
            f"SELECT paper_id, {', '.join(HIGHLIGHT_COLUMNS)} FROM highlights "
            "WHERE paper_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY paper_id, lost, field = 'abstract', start, id",
            ids,
            HIGHLIGHT_COLUMNS,
        )
        reading = _grouped(
            library,
            "SELECT paper_id, status, at FROM status_history "
            "WHERE paper_id IN (SELECT value FROM json_each(?)) ORDER BY paper_id, at, id",
            ids,
            ("status", "at"),
        )
        for paper in chunk:
            for mark in marks.get(paper["id"], []):
                mark["lost"] = bool(mark["lost"])
            yield {
                **paper,
                "highlights": marks.get(paper["id"], []),
                "status_history": reading.get(paper["id"], []),
            }


def _grouped(
    library: Library, sql: str, ids: str, columns: tuple[str, ...]
) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for paper_id, *values in library.conn.execute(sql, [ids]):
        found.setdefault(paper_id, []).append(dict(zip(columns, values, strict=True)))
    return found


def keywords_and_tags(paper: dict[str, Any]) -> list[str]:
    """The paper's keywords, then its tags that are not already among them (any case)."""
    seen: set[str] = set()
    merged = []
    for word in [*(paper.get("keywords") or []), *(paper.get("tags") or [])]:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            merged.append(word)
    return merged

"""Running a parsed query: text parts go to Whoosh, filters to SQLite, and the two meet on ids.

Each maximal part of the tree that is all text becomes one Whoosh query; each part that is all
filters becomes one parameterised SQL condition (user text is never spliced into SQL). Parts
that mix the two are evaluated as id sets. Results come back in relevance order when there is
text, newest first otherwise, or in the order ``sort:`` asks for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from whoosh import query as wq

from papershelf.core.identity import normalise_doi
from papershelf.core.index import FIELD_FOR, SearchIndex
from papershelf.core.library import LIVE, Library
from papershelf.core.query import And, Filter, Node, Not, Or, Text, parse
from papershelf.core.ranking import member

ORDERS = {
    None: "added DESC, id DESC",
    "added": "added DESC, id DESC",
    "year": "year IS NULL, year DESC, added DESC, id DESC",
    "title": "title COLLATE NOCASE, id",
}


@dataclass
class SearchResult:
    """Matching paper ids in order, and what the search box should show."""

    ids: list[int]
    total: int
    error: str | None = None
    words: list[str] = field(default_factory=list)


class Searcher:
    """Searches one library with its index."""

    def __init__(self, library: Library, index: SearchIndex):
        self.library = library
        self.index = index
        self.schema = index.schema

    def search(self, text: str, limit: int | None = None, *, trash: bool = False) -> SearchResult:
        """Every paper matching ``text`` (the search box's language), best or newest first;
        papers in the trash are left out, or, with ``trash``, searched alone."""
        parsed = parse(text)
        ids = self._ids(parsed.tree, parsed.sort, trash)
        total = len(ids)
        if limit is not None:
            ids = ids[:limit]
        return SearchResult(ids, total, parsed.error, parsed.words)

    # -- assembling ---------------------------------------------------------------------------

    def _ids(self, tree: Node | None, sort: str | None, trash: bool = False) -> list[int]:
        parts = list(tree.parts) if isinstance(tree, And) else [tree] if tree else []
        text = [p for p in parts if _kind(p) == "text"]
        positive = [t for t in text if not isinstance(t, Not)]
        base = "trashed IS NOT NULL" if trash else LIVE
        where, params = [base], []
        for part in parts:
            kind = _kind(part)
            if kind == "filter":
                sql, args = self._sql(part)
            elif kind == "mixed" or not positive:
                sql, args = self._as_id_set(part)
            else:
                continue  # text: one Whoosh query below
            where.append(sql)
            params.extend(args)
        condition = " AND ".join(where)
        if not positive:
            order = ORDERS.get(sort, ORDERS[None])
            rows = self.library.conn.execute(
                f"SELECT id FROM papers WHERE {condition} ORDER BY {order}", params
            )
            return [row[0] for row in rows]
        hits = self.index.search(self._whoosh(And(tuple(text))))
        if len(where) == 1 and sort in (None, "relevance") and not trash:
            trashed = self.library.trashed_ids()  # few, so the hits stay as they came
            return [i for i in hits if i not in trashed] if trashed else hits
        if sort in (None, "relevance"):  # text ranks by relevance unless sort: says otherwise
            return self._kept(hits, condition, params)
        order = ORDERS[sort]
        rows = self.library.conn.execute(
            f"SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?)) AND {condition}"
            f" ORDER BY {order}",
            [json.dumps(hits), *params],
        )
        return [row[0] for row in rows]

    def _kept(self, hits: list[int], condition: str, params: list[object]) -> list[int]:
        """The ``hits`` that meet an SQL condition, in their order.

        Reading ids out of SQLite costs about 1 us each here, so the smaller side is read:
        the papers meeting the condition (``tag:reading``: a few hundred), or the hits
        checked in SQL (``diffusion is:unread``: the library is mostly unread).
        """
        conn = self.library.conn
        meeting = conn.execute(f"SELECT count(*) FROM papers WHERE {condition}", params)
        if meeting.fetchone()[0] < len(hits):
            rows = conn.execute(f"SELECT id FROM papers WHERE {condition}", params)
        else:
            rows = conn.execute(
                f"SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?)) "
                f"AND {condition}",
                [json.dumps(hits), *params],
            )
        allowed = np.sort(np.fromiter((row[0] for row in rows), np.int64))
        found = np.array(hits, np.int64)
        return found[member(found, allowed)].tolist()

    def _as_id_set(self, node: Node) -> tuple[str, list[object]]:
        return "id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(self._set(node)))]

    def _set(self, node: Node) -> set[int]:
        kind = _kind(node)
        if kind == "text" and not isinstance(node, Not):
            return set(self.index.search(self._whoosh(node)))
        if kind == "filter":
            sql, args = self._sql(node)
            return {
                r[0] for r in self.library.conn.execute(f"SELECT id FROM papers WHERE {sql}", args)
            }
        if isinstance(node, Not):
            every = {r[0] for r in self.library.conn.execute("SELECT id FROM papers")}
            return every - self._set(node.part)
        sets = [self._set(p) for p in node.parts]  # type: ignore[union-attr]
        if isinstance(node, And):
            return set.intersection(*sets)
        return set.union(*sets)

    # -- text to Whoosh -----------------------------------------------------------------------

    def _whoosh(self, node: Node) -> wq.Query:
        if isinstance(node, Text):
            return self._term(FIELD_FOR[node.field], node) or wq.NullQuery
        if isinstance(node, Not):
            return wq.Not(self._whoosh(node.part))
        assert isinstance(node, (And, Or))
        parts = [q for q in (self._whoosh(p) for p in node.parts) if q is not wq.NullQuery]
        if not parts:
            return wq.NullQuery
        return wq.And(parts) if isinstance(node, And) else wq.Or(parts)

    def _term(self, name: str, node: Text) -> wq.Query | None:
        """One word, phrase, prefix or fuzzy term; None for a stop word ("of", "the")."""
        if node.kind == "prefix":
            return wq.Prefix(name, node.value.lower())
        tokens = [t.text for t in self.schema[name].analyzer(node.value, mode="query")]
        if not tokens:
            return None
        if node.kind == "fuzzy" and len(tokens) == 1:
            return wq.FuzzyTerm(name, tokens[0], maxdist=node.distance, prefixlength=1)
        if len(tokens) == 1:
            return wq.Term(name, tokens[0])
        return wq.Phrase(name, tokens)

    # -- filters to SQL -----------------------------------------------------------------------

    def _sql(self, node: Node) -> tuple[str, list[object]]:
        if isinstance(node, Filter):
            return _filter_sql(node)
        if isinstance(node, Not):
            sql, args = self._sql(node.part)
            return f"NOT ({sql})", args
        assert isinstance(node, (And, Or))
        pieces = [self._sql(p) for p in node.parts]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(s for s, _ in pieces) + ")", [
            a for _, args in pieces for a in args
        ]


def _kind(node: Node) -> str:
    if isinstance(node, Text):
        return "text"
    if isinstance(node, Filter):
        return "filter"
    if isinstance(node, Not):
        return _kind(node.part)
    kinds = {_kind(p) for p in node.parts}
    return kinds.pop() if len(kinds) == 1 else "mixed"


_TAGGED = (
    "id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ?)"
)
_HAS = {
    "note": "note <> ''",
    "highlight": "EXISTS (SELECT 1 FROM highlights WHERE paper_id = papers.id)",
    "tag": "EXISTS (SELECT 1 FROM paper_tags WHERE paper_id = papers.id)",
    "code": "(links LIKE '%github.com%' OR links LIKE '%gitlab.com%')",
    "abstract": "abstract <> ''",
    "link": "links <> '[]'",
}


def _filter_sql(node: Filter) -> tuple[str, list[object]]:
    value = node.value
    if node.name == "tag":
        return _TAGGED, [value]
    if node.name == "is":
        return "status = ?", [value]
    if node.name == "has":
        return _HAS[value], []
    if node.name == "id":
        return "id = ?", [int(value)]
    if node.name == "doi":
        return "doi = ?", [normalise_doi(value) or value]
    if node.name == "year":
        return _year_sql(value)
    column = "added" if node.name == "added" else "status_changed"
    extra = "" if node.name == "added" else " AND status = 'read'"
    start, end = _time_range(value)
    return f"({column} >= ? AND {column} < ?{extra})", [start, end]


def _year_sql(value: str) -> tuple[str, list[object]]:
    if ".." in value:
        low, high = value.split("..")
        return "year BETWEEN ? AND ?", [int(low), int(high)]
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            return f"year {op} ?", [int(value[len(op) :])]
    return "year = ?", [int(value)]


def _time_range(value: str) -> tuple[str, str]:
    """The UTC [start, end) of ``today``, ``7d``, ``2w``, ``2026-03`` or ``2026-03-14``."""
    now = datetime.now(UTC)
    far = "9999"
    if value in ("today", "yesterday"):
        midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        if value == "yesterday":
            return (midnight - timedelta(days=1)).astimezone(UTC).isoformat(), midnight.astimezone(
                UTC
            ).isoformat()
        return midnight.astimezone(UTC).isoformat(), far
    if value[-1] in "dwmy" and value[:-1].isdigit():
        days = int(value[:-1]) * {"d": 1, "w": 7, "m": 30, "y": 365}[value[-1]]
        return (now - timedelta(days=days)).isoformat(), far
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f"{parts[0]:04d}", f"{parts[0] + 1:04d}"
    if len(parts) == 2:
        year, month = parts
        nxt = f"{year + 1:04d}-01" if month == 12 else f"{year:04d}-{month + 1:02d}"
        return f"{year:04d}-{month:02d}", nxt
    day = datetime(*parts, tzinfo=UTC)
    return day.date().isoformat(), (day + timedelta(days=1)).date().isoformat()

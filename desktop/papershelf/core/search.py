"""Running a parsed query: text parts go to Whoosh, filters to SQLite, and the two meet on ids.

Each maximal part of the tree that is all text becomes one Whoosh query; each part that is all
filters becomes one parameterised SQL condition (user text is never spliced into SQL). Parts
that mix the two are evaluated as id sets. Results come back in relevance order when there is
text, newest first otherwise, or in the order ``sort:`` asks for.

A search with no words is SQL alone, and loads nothing else: Whoosh, numpy and rapidfuzz are
imported by the parts that handle words, when a query first has some (the window's first
list is such a search, and is on screen before they are loaded).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from papershelf.core.library import Library
from papershelf.core.listing import View, order_clause, view_condition
from papershelf.core.query import And, Filter, Node, Not, Or, Text, parse
from papershelf.core.saved import query_of

if TYPE_CHECKING:
    from whoosh import query as wq

    from papershelf.core.index import SearchIndex
    from papershelf.core.vocabulary import Vocabulary

ORDERS = {
    None: "added DESC, id DESC",
    "added": "added DESC, id DESC",
    "year": "year IS NULL, year DESC, added DESC, id DESC",
    "title": "title COLLATE NOCASE, id",
}


@dataclass
class SearchResult:
    """Matching paper ids in order, and what the search box should show.

    ``relevance``: the ids are in relevance order (the query has words, and neither
    ``sort:`` nor a list column asked for another). ``suggestion``: the query with a word
    that found (almost) nothing replaced by the library's nearest word, and ``replaced`` the
    two words, for "Did you mean ...?".
    """

    ids: list[int]
    total: int
    error: str | None = None
    words: list[str] = field(default_factory=list)
    relevance: bool = False
    suggestion: str | None = None
    replaced: tuple[str, str] | None = None
    terms: frozenset[str] = frozenset()  # the index terms (stems) the query's words found
    completions: list[str] = field(default_factory=list)  # library words finishing the last
    elsewhere: int = 0  # papers the same words find outside the sidebar's view (not trash)


PREFIX_WORDS = 200  # the most words a written prefix ("retriev*") stands for
TYPING_WORDS = (0, 8, 16)  # ... the word being typed, by its length (longer: 16)
COMPLETIONS = 8  # library words offered to finish the word being typed
RARE = 20  # a word in more papers than this is never "corrected"
FEW = 3  # a word in fewer papers than this is corrected to one in five times as many


class Searcher:
    """Searches one library with its index: the one place a search is put together, for the
    window and the command line alike."""

    def __init__(self, library: Library, index: Callable[[], SearchIndex]):
        """``index`` opens the library's index when a search first needs it (one with
        words, a saved search's, read next)."""
        self.library = library
        self._index = index
        self._open: Text | None = None
        self._terms: frozenset[str] = frozenset()
        self._elsewhere = 0
        self._words_now: Vocabulary | None = None

    @property
    def index(self) -> SearchIndex:
        """The library's full-text index."""
        return self._index()

    @property
    def schema(self) -> Any:
        """The index's Whoosh schema (its fields' analyzers)."""
        return self.index.schema

    def search(
        self,
        text: str,
        limit: int | None = None,
        *,
        view: View | None = None,
        trash: bool = False,
        column: str | None = None,
        descending: bool = True,
        relevance: bool = True,
        typing: bool = False,
        should_stop: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Every paper of ``view`` (the sidebar's choice; everything outside the trash by
        default, the trash alone with ``trash``) matching ``text`` (the search box's
        language), in order: ``sort:`` if the query says; else best first when there are
        words and ``relevance``; else by ``column`` (a list column, ``descending`` or not)
        if given; else newest first.

        ``typing``: the last word may be half typed (the cursor is at its end): it also
        matches as a prefix, whole-word hits first. ``should_stop`` is asked while posting
        lists are read; True stops the search with ``ranking.Overtaken``.
        """
        view = View("trash") if trash else (view or View())
        self._terms = frozenset()
        self._elsewhere = 0
        self._words_now = None  # read once a search
        parsed = parse(text)
        tree = parsed.tree
        if view.kind == "saved":
            tree, view = self._with_saved(view, tree), View()
        self._open = _last_text(tree) if typing and parsed.open_word else None
        ranked = relevance and bool(parsed.words) and parsed.sort in (None, "relevance")
        order = None if ranked or column is None else order_clause(column, descending)
        if view.kind == "next":  # ranked by read-next unless a list column was chosen
            order = None if relevance or column is None else order_clause(column, descending)
            ranked = order is None
            ids = self._read_next(view, tree, order, should_stop)
        else:
            ids = self._ids(tree, parsed.sort, view, order, should_stop)
        total = len(ids)
        if limit is not None:
            ids = ids[:limit]
        suggestion = self._suggestion(text, tree)
        return SearchResult(
            ids,
            total,
            parsed.error,
            parsed.words,
            ranked,
            suggestion[0] if suggestion else None,
            suggestion[1] if suggestion else None,
            self._terms,
            self._completions(),
            self._elsewhere,
        )

    # -- assembling ---------------------------------------------------------------------------

    def _ids(
        self,
        tree: Node | None,
        sort: str | None,
        view: View,
        order: str | None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[int]:
        parts = list(tree.parts) if isinstance(tree, And) else [tree] if tree else []
        text = [p for p in parts if _kind(p) == "text"]
        positive = [t for t in text if not isinstance(t, Not)]
        base, params = view_condition(view)
        where = [base]
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
        if sort not in (None, "relevance"):
            order = ORDERS[sort]
        if not positive:
            rows = self.library.conn.execute(
                f"SELECT id FROM papers WHERE {condition} ORDER BY {order or ORDERS[None]}",
                params,
            )
            return [row[0] for row in rows]
        query = self._whoosh(And(tuple(text)))
        self._terms = frozenset(_found_terms(query))
        hits = self.index.search(query, should_stop)
        if len(where) == 1 and order is None and view.kind == "all":
            trashed = self.library.trashed_ids()  # few, so the hits stay as they came
            return [i for i in hits if i not in trashed] if trashed else hits
        if order is None:  # text ranks by relevance unless sort: or a column says otherwise
            found = self._kept(hits, condition, params)
        else:
            rows = self.library.conn.execute(
                f"SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?)) "
                f"AND {condition} ORDER BY {order}",
                [json.dumps(hits), *params],
            )
            found = [row[0] for row in rows]
        if len(where) == 1 and view.kind in ("status", "recent", "batch", "tag"):
            # how many the same words find outside the view (not in the trash): "3 more"
            trashed = self.library.trashed_ids()
            self._elsewhere = len(hits) - len(trashed.intersection(hits)) - len(found)
        return found

    def _with_saved(self, view: View, tree: Node | None) -> Node | None:
        """A saved search's query, and the search box's on top of it."""
        query = query_of(self.library, int(view.value or 0))
        saved = parse(query).tree if query else None
        if saved is None or tree is None:
            return saved or tree
        return And((saved, tree))

    def _read_next(
        self,
        view: View,
        tree: Node | None,
        order: str | None,
        should_stop: Callable[[], bool] | None,
    ) -> list[int]:
        """The read-next ranking (or a list column's ``order`` of it), narrowed by the query
        if there is one."""
        from papershelf.core.similar import read_next  # noqa: PLC0415 - numpy-heavy, on demand

        tag = view.value if isinstance(view.value, str) else None
        ranked = [s.id for s in read_next(self.library, self.index, tag=tag, limit=200)]
        if tree is not None and ranked:
            matching = set(self._ids(tree, None, View(), None, should_stop))
            ranked = [i for i in ranked if i in matching]
        if order is None or not ranked:
            return ranked
        rows = self.library.conn.execute(
            f"SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY {order}",
            [json.dumps(ranked)],
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
        import numpy as np  # noqa: PLC0415 - text only: see the module's docstring

        from papershelf.core.fulltext.ranking import member  # noqa: PLC0415

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
        from whoosh import query as wq  # noqa: PLC0415 - text only: see the module's docstring

        from papershelf.core.index import FIELD_FOR  # noqa: PLC0415

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
        """One word, phrase, prefix or fuzzy term; None for a stop word ("of", "the").

        Prefixes and fuzzy terms are matched against the library's words as written (its
        vocabulary), and the words found are searched as the index's terms (their stems).
        """
        from whoosh import query as wq  # noqa: PLC0415 - text only: see the module's docstring

        from papershelf.core.fulltext.ranking import WholeWordFirst  # noqa: PLC0415

        analyzer = self.schema[name].analyzer
        if node.kind == "prefix":
            return self._words(name, self._vocabulary().starting(node.value.lower(), PREFIX_WORDS))
        tokens = [t.text for t in analyzer(node.value, mode="query")]
        if node.kind == "fuzzy" and len(tokens) == 1:
            near = self._vocabulary().near(node.value.lower(), node.distance)
            return self._words(name, [word for word, _ in near])
        whole: wq.Query | None = None
        if len(tokens) == 1:
            whole = wq.Term(name, tokens[0])
        elif tokens:
            whole = wq.Phrase(name, tokens)
        if node is self._open:
            typed = node.value.lower()
            bound = TYPING_WORDS[min(len(typed), len(TYPING_WORDS) - 1)]
            expanded = self._words(name, self._vocabulary().starting(typed, bound))
            if whole is None:
                return expanded
            return WholeWordFirst([whole, expanded or wq.NullQuery])
        return whole

    def _words(self, name: str, words: list[str]) -> wq.Query | None:
        """Any of ``words`` (as written) in field ``name``, each searched as its term and
        weighted by how common the word is against the most common of them: "retr" is far
        more often "retrieval" than "retrosynthesis", and a rare word's high idf must not
        put its few papers first."""
        from whoosh import query as wq  # noqa: PLC0415 - text only: see the module's docstring

        analyzer = self.schema[name].analyzer
        papers = self._vocabulary().papers
        weights: dict[str, int] = {}
        for word in words:
            term = analyzer.term(word)
            if term:
                weights[term] = weights.get(term, 0) + papers.get(word, 1)
        if not weights:
            return None
        if len(weights) == 1:
            return wq.Term(name, next(iter(weights)))
        most = max(weights.values())
        return wq.Or([wq.Term(name, term, boost=count / most) for term, count in weights.items()])

    def _completions(self) -> list[str]:
        """The library's commonest words beginning the word being typed (for the box)."""
        if self._open is None or len(self._open.value) < 2:
            return []
        typed = self._open.value.lower()
        return [w for w in self._vocabulary().starting(typed, COMPLETIONS + 1) if w != typed][
            :COMPLETIONS
        ]

    def _vocabulary(self) -> Vocabulary:
        """The library's words, brought up to date once per search."""
        if self._words_now is None:
            self._words_now = self.index.vocabulary()
        return self._words_now

    # -- did you mean -------------------------------------------------------------------------

    def _suggestion(self, text: str, tree: Node | None) -> tuple[str, tuple[str, str]] | None:
        """``text`` with its first word that is rare (in RARE papers or fewer) replaced by
        the library's nearest word in far more, and the two words; None when no word is
        rare, or nothing near is common enough (``_nearest``)."""
        words = _positive_words(tree)
        if not words:
            return None
        from papershelf.core.index import FIELD_FOR  # noqa: PLC0415 - text only: see the module

        for node in words:
            name = FIELD_FOR[node.field]
            if name == "authors":
                continue  # names are not misspelt words
            typed = node.value.lower()
            papers = self._papers(name, typed)
            if node is self._open:
                vocabulary = self._vocabulary()
                papers += sum(vocabulary.papers[w] for w in vocabulary.starting(typed, 8))
            if papers > RARE:
                continue
            better = self._nearest(typed, papers)
            if better is None and node.field is None and papers == 0:
                better = self._nearest_tag(typed)
            if better is None:
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(node.value)}(?!\w)")
            return pattern.sub(_literally(better), text, count=1), (node.value, better)
        return None

    def _nearest_tag(self, word: str) -> str | None:
        """``tag:NAME`` for the user's tag one or two edits from ``word`` (tags are not in the
        full-text index, so a word meant as a tag finds nothing)."""
        if len(word) < 3:
            return None
        from rapidfuzz import process  # noqa: PLC0415 - text only: see the module's docstring
        from rapidfuzz.distance import OSA  # noqa: PLC0415

        names = self.library.tag_names()
        best = process.extractOne(
            word, [n.casefold() for n in names], scorer=OSA.distance, score_cutoff=2
        )
        if best is None:
            return None
        name = names[best[2]]
        return f'tag:"{name}"' if re.search(r'[\s()"]', name) else f"tag:{name}"

    def _papers(self, name: str, word: str) -> int:
        """How many papers hold ``word`` (as the index's term) in field ``name``."""
        term = self.schema[name].analyzer.term(word)
        if not term:
            return FEW  # a stop word: never "corrected"
        return self.index.searcher().doc_frequency(name, term)

    def _nearest(self, word: str, papers: int) -> str | None:
        """The library word one or two edits from ``word`` found in the most papers, nearer
        words first, if it is in enough more: any paper when ``word`` is in none, five times
        as many when it is in fewer than FEW ("retreval" beside "retrieval"), fifty times
        when in more (a common misspelling: "transfomer" in 4 papers of 75k, "transformer"
        in 14,000)."""
        if len(word) < 4 or not word.isalpha():
            return None  # "gpt4", "3d", "rl": too short or not a word to correct
        enough = 1 if papers == 0 else 5 * papers if papers < FEW else 50 * papers
        vocabulary = self._vocabulary()
        near = vocabulary.near(word, 1 if len(word) < 7 else 2)
        for distance in (1, 2):
            found = [
                (vocabulary.papers[w], w)
                for w, d in near
                if d == distance and vocabulary.papers[w] >= enough
            ]
            if found:
                return max(found)[1]
        return None

    # -- filters to SQL -----------------------------------------------------------------------

    def _sql(self, node: Node) -> tuple[str, list[object]]:
        if isinstance(node, Filter):
            assert node.condition is not None  # the parser drops filters whose value is bad
            return node.condition.sql()
        if isinstance(node, Not):
            sql, args = self._sql(node.part)
            return f"NOT ({sql})", args
        assert isinstance(node, (And, Or))
        pieces = [self._sql(p) for p in node.parts]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(s for s, _ in pieces) + ")", [
            a for _, args in pieces for a in args
        ]


def _last_text(node: Node | None) -> Text | None:
    """The query's last text part (the word at the end of the box), if it is not negated."""
    if isinstance(node, Text):
        return node
    if isinstance(node, (And, Or)):
        return _last_text(node.parts[-1])
    return None


def _found_terms(query: wq.Query) -> list[str]:
    """The terms a Whoosh query looks for, leaving out those it excludes."""
    from whoosh import query as wq  # noqa: PLC0415 - text only: see the module's docstring

    if isinstance(query, wq.Not):
        return []
    if isinstance(query, wq.Term):
        return [query.text]
    if isinstance(query, wq.Phrase):
        return list(query.words)
    return [term for part in getattr(query, "subqueries", ()) for term in _found_terms(part)]


def _positive_words(node: Node | None) -> list[Text]:
    """The plain words of the query that are not negated, in order."""
    if isinstance(node, Text):
        return [node] if node.kind == "word" else []
    if isinstance(node, (And, Or)):
        return [word for part in node.parts for word in _positive_words(part)]
    return []


def _kind(node: Node) -> str:
    if isinstance(node, Text):
        return "text"
    if isinstance(node, Filter):
        return "filter"
    if isinstance(node, Not):
        return _kind(node.part)
    kinds = {_kind(p) for p in node.parts}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that is ``text`` as it is (no backslash escapes)."""
    return lambda _match: text

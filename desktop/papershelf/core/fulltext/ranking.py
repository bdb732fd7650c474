"""Answering a Whoosh query from whole posting lists, with numpy: the search box's fast path.

The window lists *every* paper that matches, in relevance order, so a query costs what it takes
to find and score all its matches, not just the first page. Whoosh does that one posting at a
time through Python matcher objects (``skip_to`` intersections were about 15 us a step here):
50-500 ms for a broad query on the 75k-paper arXiv corpus. This module reads each term's
posting list whole from Whoosh's own files (``inlined`` lists from the term table, others as
W3 blocks: one pickle per 128 postings), then intersects, unites and scores the lists as numpy
arrays, with Whoosh's BM25F formula and its statistics, so the ranking is Whoosh's.

It handles the queries ``core.search`` builds: terms (boosted too), And, Or, Not,
WholeWordFirst, Phrase (positions read only for the papers that have every word) and the null
query; and Whoosh's own Prefix and FuzzyTerm. Anything else
returns None and the caller asks Whoosh. Lists are kept per searcher: typing a query reads each
term once.
"""

from __future__ import annotations

import io
import pickle
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable
from math import log
from typing import Any, Literal, overload

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.support.levenshtein import distance as edit_distance
from whoosh.util.numeric import byte_to_length

from papershelf.core.fulltext.tuning import PackedValues, column_bytes

# (docnums ascending, term frequencies, occurrence keys: docnum << 24 | position, or None)
Postings = tuple[np.ndarray, np.ndarray, np.ndarray | None]  # (docnums, weights, keys or None)
Positional = tuple[np.ndarray, np.ndarray, np.ndarray]  # with a key per occurrence
Answer = tuple[np.ndarray, np.ndarray]  # (docnums, scores), docnums ascending

_EMPTY: Answer = (np.zeros(0, np.int64), np.zeros(0, np.float64))
_EMPTY_LIST: Postings = (_EMPTY[0], _EMPTY[1], _EMPTY[0])
_POSITION_BITS = 24
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], np.float64)
_LENGTH_OF_BYTE[0] = 1.0  # no length recorded: Whoosh's scorer assumes 1
KEPT_BYTES = 64 * 1024 * 1024  # posting lists kept between queries


class WholeWordFirst(wq.Or):
    """The word being typed: its whole-word query first, then what its prefix expands to.

    Whoosh itself scores it as an Or; the ranker puts every paper holding the whole word above
    every paper found only through the prefix ("retrieval" before "retrieved-only" papers).
    Made as ``WholeWordFirst([whole, expanded])``.
    """


class Overtaken(Exception):  # noqa: N818 - a search that stops, not an error
    """A newer search asked meanwhile: this one stops (``Ranker.should_stop``)."""


class Ranker:
    """Runs queries over one open Whoosh searcher (make a new one when the searcher changes)."""

    WHOLE_FIRST = 1e6  # above any BM25 sum of a query's words

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError("the fast path scores like BM25F only")
        self.B, self.K1 = weighting.B, weighting.K1
        self.doc_count = self.reader.doc_count_all()
        self._leaves = list(self.reader.leaf_readers())
        self._live = self._live_docs()
        self._lengths: dict[str, np.ndarray] = {}
        self._lists: OrderedDict[tuple[str, str, bool], Postings] = OrderedDict()
        self._kept_bytes = 0
        self._prefixed: dict[tuple[str, str], list[str]] = {}
        self._idf: dict[tuple[str, str], float] = {}
        # asked before each posting list is read: True stops the query with Overtaken
        self.should_stop: Callable[[], bool] | None = None

    # -- the query tree -----------------------------------------------------------------------

    def run(self, query: wq.Query) -> Answer | None:
        """Matching document numbers (ascending) and their scores; None if not handled here."""
        try:
            return self._run(query)
        except _Unsupported:
            return None

    def _run(self, q: wq.Query) -> Answer:
        if isinstance(q, type(wq.NullQuery)):
            return _EMPTY
        boost = getattr(q, "boost", 1.0)
        if boost != 1.0:  # as Whoosh does: the part's scores times its boost
            if not isinstance(q, wq.Term):
                raise _Unsupported
            docs, scores = self._term(q.fieldname, q.text)
            return docs, scores * boost
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text)
        if isinstance(q, wq.Prefix):
            terms = self._expand(self.reader.expand_prefix(q.fieldname, q.text))
            return _union([self._term(q.fieldname, t) for t in terms])
        if isinstance(q, wq.FuzzyTerm):
            found = self._within(q.fieldname, q.text, q.maxdist, q.prefixlength)
            return _union([self._term(q.fieldname, t) for t in self._expand(found)])
        if isinstance(q, wq.Phrase):
            return self._phrase(q)
        if isinstance(q, WholeWordFirst):
            whole, expanded = (self._run(part) for part in q.subqueries)
            lifted = (whole[0], whole[1] + self.WHOLE_FIRST)
            return _union([lifted, expanded])
        if isinstance(q, wq.Not):
            return self._all_but(self._run(q.query)[0])
        if isinstance(q, wq.And):
            return self._and(q.subqueries)
        if isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax):
            return _union([self._run(s) for s in q.subqueries])
        raise _Unsupported

    def _and(self, parts: list[wq.Query]) -> Answer:
        positive = [self._run(p) for p in parts if not isinstance(p, wq.Not)]
        negative = [self._run(p.query)[0] for p in parts if isinstance(p, wq.Not)]
        if positive:
            positive.sort(key=lambda answer: len(answer[0]))  # narrowest first
            docs, scores = positive[0]
            for other_docs, other_scores in positive[1:]:
                mine, theirs = _matches(docs, other_docs)
                docs, scores = docs[mine], scores[mine] + other_scores[theirs]
        else:
            docs, scores = self._all_but(np.zeros(0, np.int64))
        for excluded in negative:
            keep = ~member(docs, excluded)
            docs, scores = docs[keep], scores[keep]
        return docs, scores

    def _all_but(self, excluded: np.ndarray) -> Answer:
        mask = self._live.copy()
        mask[excluded] = False
        docs = np.flatnonzero(mask)
        return docs, np.zeros(len(docs))

    def _within(self, field: str, text: str, maxdist: int, prefix: int) -> list[str]:
        """Whoosh's ``terms_within``: the terms at most ``maxdist`` edits from ``text`` that
        share its first ``prefix`` letters. The terms of a prefix are kept for the next
        keystroke, and only those of a near length are measured (0.5 s to 0.1-0.3 s)."""
        start = text[:prefix]
        terms = self._prefixed.get((field, start))
        if terms is None:
            terms = self._prefixed[(field, start)] = self._expand(
                self.reader.expand_prefix(field, start)
            )
        return [
            term
            for term in terms
            if abs(len(term) - len(text)) <= maxdist
            and edit_distance(term, text, limit=maxdist) <= maxdist
        ]

    def _expand(self, terms: Any) -> list[str]:
        """Every term of an expansion (a short prefix reads many lists, but all of them)."""
        return [term.decode("utf-8") if isinstance(term, bytes) else term for term in terms]

    # -- one term -----------------------------------------------------------------------------

    def _term(self, field: str, text: str) -> Answer:
        docs, freqs, _ = self.postings(field, text)
        if not len(docs):
            return _EMPTY
        return docs, self._bm25(field, text, docs, freqs)

    def _bm25(self, field: str, text: str, docs: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        """Whoosh's ``scoring.bm25`` over arrays, with the searcher's idf and mean length."""
        idf = self._idf.get((field, text))
        if idf is None:
            idf = self.searcher.idf(field, text)
        if not self.schema[field].scorable:
            return np.full(len(docs), idf)
        avgfl = self.searcher.avg_field_length(field) or 1
        lengths = self._field_lengths(field)[docs]
        K1, B = self.K1, self.B
        return idf * ((freqs * (K1 + 1)) / (freqs + K1 * ((1 - B) + B * lengths / avgfl)))

    def _field_lengths(self, field: str) -> np.ndarray:
        lengths = self._lengths.get(field)
        if lengths is None:
            parts = []
            for leaf, _ in self._leaves:
                count = leaf.doc_count_all()
                column = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                parts.append(_LENGTH_OF_BYTE[column_values(column, count, np.uint8)])
            lengths = self._lengths[field] = np.concatenate(parts) if parts else np.zeros(0)
        return lengths

    @overload
    def postings(self, field: str, text: str, positions: Literal[True]) -> Positional: ...

    @overload
    def postings(self, field: str, text: str, positions: bool = False) -> Postings: ...

    def postings(self, field: str, text: str, positions: bool = False) -> Postings:
        """A term's whole posting list across the segments, deleted documents left out; with
        ``positions``, its keys (document and position) too, never None."""
        key = (field, text, positions)
        found = self._lists.get(key)
        if found is not None:
            self._lists.move_to_end(key)
            return found
        if self.should_stop is not None and self.should_stop():
            raise Overtaken
        doc_parts: list[np.ndarray] = []
        freq_parts: list[np.ndarray] = []
        blobs: list[bytes] = []
        counts: list[np.ndarray] = []
        frequency = 0  # documents with the term, deleted ones too, as Whoosh's idf counts
        tbytes = self.schema[field].to_bytes(text)
        for leaf, offset in self._leaves:
            terms = getattr(leaf, "_terms", None)  # an empty index has a reader without any
            if terms is None:
                continue
            try:
                info = terms.term_info(field, tbytes)
            except (TermNotFound, KeyError):
                continue
            frequency += info.doc_frequency()
            ids, weights = _read_list(terms._postfile, info, blobs if positions else None, counts)
            doc_parts.append(ids + offset)
            freq_parts.append(weights)
        # Whoosh's Weighting.idf, from the term infos just read (looking them up again for
        # the idf was half the time of a prefix query's thousands of terms)
        if not doc_parts:
            return _EMPTY_LIST
        self._idf[(field, text)] = log(self.doc_count / (frequency + 1)) + 1
        doc_array = np.concatenate(doc_parts)
        freq_array = np.concatenate(freq_parts)
        keys = None
        if positions:
            # One key per occurrence: the document number, then the position in 24 bits.
            where = np.frombuffer(b"".join(blobs), "<u4").astype(np.int64)
            if len(where) and where.max() >= 1 << _POSITION_BITS:
                raise _Unsupported
            keys = (np.repeat(doc_array, np.concatenate(counts)) << _POSITION_BITS) | where
        if self._has_deletions:
            keep = self._live[doc_array]
            doc_array, freq_array = doc_array[keep], freq_array[keep]
            if keys is not None:
                keys = keys[self._live[keys >> _POSITION_BITS]]
        answer = (doc_array, freq_array, keys)
        self._keep(key, answer)
        return answer

    def _keep(self, key: tuple[str, str, bool], answer: Postings) -> None:
        """Keep a list for the next keystrokes, the least recently used going first when the
        kept lists pass ``KEPT_BYTES``."""
        self._lists[key] = answer
        self._kept_bytes += sum(a.nbytes for a in answer if a is not None)
        while self._kept_bytes > KEPT_BYTES and len(self._lists) > 1:
            _, dropped = self._lists.popitem(last=False)
            self._kept_bytes -= sum(a.nbytes for a in dropped if a is not None)

    def _live_docs(self) -> np.ndarray:
        live = np.ones(self.doc_count, bool)
        self._has_deletions = False
        for leaf, offset in self._leaves:
            if leaf.has_deletions():
                self._has_deletions = True
                deleted = np.fromiter(leaf._segment.deleted_docs(), np.int64)
                live[deleted + offset] = False
        return live

    # -- phrases ------------------------------------------------------------------------------

    def _phrase(self, q: wq.Phrase) -> Answer:
        """Papers with the words next to each other, in order (Whoosh's ``slop=1``)."""
        if q.slop != 1:
            raise _Unsupported
        words = list(q.words)
        lists = [self.postings(q.fieldname, w, positions=True) for w in words]
        starts = lists[0][2]
        for shift, (_, _, keys) in enumerate(lists[1:], start=1):
            starts = starts[member(starts + shift, keys)]
        if not len(starts):
            return _EMPTY
        docs = starts >> _POSITION_BITS
        docs = docs[np.r_[True, docs[1:] != docs[:-1]]]  # sorted: keep each paper once
        # Scored as the words together, like an And of them.
        scores = np.zeros(len(docs))
        for word, (all_docs, freqs, _) in zip(words, lists, strict=True):
            found = np.searchsorted(all_docs, docs)
            scores += self._bm25(q.fieldname, word, docs, freqs[found])
        return docs, scores


def column_values(column: Any, count: int, dtype: Any) -> np.ndarray:
    """A fixed-width column's values for ``count`` documents (0 past the last one recorded),
    read in one go (``column_bytes``); ``dtype`` is numpy's, big-endian for wide columns."""
    values = np.zeros(count, np.dtype(dtype).newbyteorder("="))
    recorded = np.frombuffer(column_bytes(column), dtype)[:count]
    values[: len(recorded)] = recorded
    return values


class _Unsupported(Exception):
    """A query this module does not answer."""


def _union(answers: list[Answer]) -> Answer:
    answers = [a for a in answers if len(a[0])]
    if not answers:
        return _EMPTY
    if len(answers) == 1:
        return answers[0]
    docs = np.concatenate([a[0] for a in answers])
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], np.concatenate([a[1] for a in answers])[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return docs[starts], np.add.reduceat(scores, starts)


# numpy's isin and intersect1d hash or sort both inputs; posting lists are sorted already, so
# a binary search of one in the other is several times faster.


def member(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``sorted_keys`` (ascending)."""
    if not len(sorted_keys):
        return np.zeros(len(values), bool)
    at = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def _matches(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indexes into ``a`` and ``b`` (both ascending, without repeats) of their common values."""
    if not len(a) or not len(b):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    hit = b[at] == a
    return np.flatnonzero(hit), at[hit]


def _read_list(
    postfile: Any, info: Any, blobs: list[bytes] | None, counts: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """One segment's postings of a term: local document numbers and weights. When ``blobs``
    is a list, the packed positions (``PaperPositions``) are appended to it and the number of
    positions of each posting to ``counts``.

    Lists are inlined in the term's entry or in W3 blocks laid out by ``write_block``.
    """
    if info.is_inlined():
        ids, weights, vals = info.inlined_postings()
        if blobs is not None:
            blobs.append(b"".join(vals))
            counts.append(np.array([len(v) // 4 for v in vals], np.int64))
        return np.array(ids, np.int64), np.array(weights, np.float64)
    # Per block only what must be (two unpicklings, views of the arrays); the gaps become
    # ids and the value ends become position counts for all blocks at once: per-block numpy
    # calls were most of a phrase's time (720 blocks for "state space model").
    gap_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    end_parts: list[np.ndarray] = []
    start, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it as struct's 1-tuple
        length = length[0]
    data = postfile.get(start, length)
    stream = io.BytesIO(data)
    position = 4  # after the W3 block-list magic
    while position < length:
        size = int.from_bytes(data[position : position + 4], "big", signed=True)
        position += 4
        end = position + abs(size)
        stream.seek(position)
        count, _, _, compression, _, _ = pickle.load(stream)
        block = data[stream.tell() : end]
        if compression:
            block = zlib.decompress(block)
        gaps, weights, vals = pickle.loads(block)
        # write_block's arrays, or Whoosh's own tuples (a segment merged by a plain writer)
        if isinstance(gaps, array):
            gap_parts.append(np.frombuffer(gaps, np.uint32))
        else:
            gap_parts.append(np.array(gaps, np.uint32))
        if weights is None or isinstance(weights, float):
            weight_parts.append(np.full(count, 1.0 if weights is None else weights))
        elif isinstance(weights, array):
            weight_parts.append(np.frombuffer(weights, np.float32))
        else:
            weight_parts.append(np.array(weights, np.float64))
        if blobs is not None:
            if isinstance(vals, PackedValues):
                blobs.append(vals.blob)
                end_parts.append(np.frombuffer(vals.ends, np.uint32))
            else:
                blobs.append(b"".join(vals))
                end_parts.append(np.cumsum([len(v) for v in vals], dtype=np.int64))
        position = end
        if size < 0:
            break
    sizes = np.fromiter(map(len, gap_parts), np.int64, len(gap_parts))
    firsts = np.cumsum(sizes) - sizes  # where each block starts
    # A block's first gap is its first id: the running sum less the blocks before it.
    running = np.cumsum(np.concatenate(gap_parts), dtype=np.int64)
    before = np.zeros(len(sizes), np.int64)
    before[1:] = running[firsts[1:] - 1]
    ids = running - np.repeat(before, sizes)
    if blobs is not None:
        ends = np.concatenate(end_parts).astype(np.int64)
        previous = np.zeros(len(ends), np.int64)
        previous[1:] = ends[:-1]
        previous[firsts] = 0
        counts.append((ends - previous) // 4)
    return ids, np.concatenate(weight_parts).astype(np.float64)

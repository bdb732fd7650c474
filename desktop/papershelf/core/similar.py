"""Related papers and Read next: papers ranked by how like others their words are.

Both answer from the full-text index's ``text`` field (title, abstract, authors, venue, note)
and the schema's own analyzer, so the ranking follows whatever the index does with words (its
stemmer, its stop list), and neither reads more than a few hundred posting lists:

1. **A profile.** The papers to be like: the open paper (Related), or the papers the user has
   read, is reading, tagged, annotated or wrote a note on, the most recent ``PROFILE_MAX``
   (Read next), or those of one tag (Read next for a tag). Each is analysed as the index
   analyses it; highlighted passages count twice.
2. **Term weights.** Each term of the profile is weighed as relevance feedback does it
   (Robertson and Sparck Jones' relevance weight, the one BM25 takes its idf from): how much
   more often it occurs in the profile than in the rest of the library. Terms are chosen by
   that weight times the number of profile papers holding them, and the best ``terms`` of
   them form the query. Document frequencies are estimated from the largest index segments
   for the choice (one lookup instead of one per segment), then read exactly from the
   chosen terms' posting lists.
3. **Scoring.** Every paper's score is the sum, over the query's terms, of the term's weight
   times BM25's saturated, length-normalised frequency of the term in the paper, accumulated
   over whole posting lists with numpy.
4. **A discriminant (Read next).** The best ``candidates`` are read again from SQLite and
   analysed, and ranked again by Rocchio's linear discriminant: the profile's mean tf-idf
   vector less the library's (see ``_discriminated``), so that words the whole library is
   full of count against a candidate (a reader of retrieval papers is shown fewer
   language-model papers that mention retrieval).

``bench_similar.py`` measures it against arxiv-sanity-lite's tf-idf + SVM on the arXiv corpus
with its categories as ground truth; the constants below are what it chose.

Whoosh is used through its public reader API only (document frequencies, segment sizes,
average field length); posting lists come from ``SearchIndex.term_postings``.
"""

from __future__ import annotations

import heapq
import json
import math
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from papershelf.core.errors import NotFound
from papershelf.core.index import SearchIndex
from papershelf.core.library import Library

FIELD = "text"
K1, B = 1.2, 0.75  # BM25's frequency saturation and length normalisation (Whoosh's defaults)
PROFILE_MAX = 300  # the most recent papers of a reading profile
NOTE_CHARS = 20_000  # of a note, at most, in a paper's text
SAMPLE_DOCS = 15_000  # documents of the segments document frequencies are estimated from
MIN_PAPERS = 2  # papers a term must be in to count in a vector: one alone makes no two alike
VECTOR_MAX_SHARE = 0.1  # of the library's papers, at most, holding a term that counts in one
DISCRIMINATING_LIBRARY = 20  # times more papers than candidates, for the discriminant to rank
TERM_POOL = 600  # profile terms whose frequency is looked up
MAX_SHARE = 0.2  # of the library's papers, at most, holding a term the profile is queried by
ESTIMATES_KEPT = 200_000  # document frequencies kept per searcher


_KEPT: weakref.WeakKeyDictionary[Any, _Library] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Similar:
    """A paper and how like the open paper (or the reading profile) it is: higher is more
    alike; scores compare within one answer only."""

    id: int
    score: float


@dataclass(frozen=True)
class Tuning:
    """How one kind of answer is ranked (measured in ``tests/benchmarks/bench_similar.py``)."""

    terms: int  # profile terms queried
    candidates: int  # best papers ranked again by the discriminant
    library_weight: float  # how much the library's mean vector counts against the profile's
    first_weight: float  # how much of the query's ranking the final score keeps


RELATED = Tuning(terms=80, candidates=0, library_weight=0.0, first_weight=0.0)
READ_NEXT = Tuning(terms=100, candidates=300, library_weight=3.0, first_weight=0.4)


def related(library: Library, index: SearchIndex, paper_id: int, limit: int = 10) -> list[Similar]:
    """The papers most like one paper, best first (neither it nor the trash's papers)."""
    library.paper(paper_id)  # NotFound for an unknown id
    excluded = np.array([paper_id, *library.trashed_ids()], np.int64)
    return _rank(library, index, [paper_id], excluded, limit, RELATED)


def read_next(
    library: Library, index: SearchIndex, tag: str | None = None, limit: int = 50
) -> list[Similar]:
    """Unread papers outside the trash ranked by how like the user's reading they are (see
    ``profile``); with ``tag``, by how like the tag's papers, which are left out. No profile:
    an empty list."""
    mine = profile(library, index, tag)
    if not mine:
        return []
    conn = library.conn
    others = [
        r[0] for r in conn.execute("SELECT id FROM papers WHERE status IN ('read', 'reading')")
    ]
    tagged = _tagged(library, tag) if tag is not None else []
    excluded = np.array([*mine, *tagged, *others, *library.trashed_ids()], np.int64)
    return _rank(library, index, mine, excluded, limit, READ_NEXT)


def profile(library: Library, index: SearchIndex, tag: str | None = None) -> list[int]:
    """The papers Read next is like, most recently changed first (``PROFILE_MAX`` of them at
    most, none in the trash): those read, being read, tagged, highlighted or with a note (a
    tag an import gave all its papers says where they came from, not what the user made of
    them: it does not count); with ``tag``, those of the tag (NotFound if there is none)."""
    if tag is not None:
        return _recent(library, _tagged(library, tag))
    conn = library.conn
    ids = {r[0] for r in conn.execute("SELECT id FROM papers WHERE status IN ('read', 'reading')")}
    ids.update(r[0] for r in conn.execute(_TAGGED_BY_HAND))
    ids.update(r[0] for r in conn.execute("SELECT paper_id FROM highlights"))
    if _notes_indexed(index):
        # A scan of every row (no index covers notes): only when the index holds any note.
        ids.update(r[0] for r in conn.execute("SELECT id FROM papers WHERE note <> ''"))
    return _recent(library, ids)


# -- the profile -----------------------------------------------------------------------------


_TAGGED_BY_HAND = (
    "SELECT paper_id FROM paper_tags WHERE tag_id NOT IN "
    "(SELECT t.id FROM tags t JOIN batches b ON b.tag = t.name)"
)


def _tagged(library: Library, tag: str) -> list[int]:
    """The papers with ``tag``, or NotFound."""
    conn = library.conn
    row = conn.execute("SELECT id FROM tags WHERE name = ?", [tag.strip()]).fetchone()
    if row is None:
        raise NotFound(f"There is no tag {tag!r}; `papershelf tags` lists them.")
    return [r[0] for r in conn.execute("SELECT paper_id FROM paper_tags WHERE tag_id = ?", row)]


def _notes_indexed(index: SearchIndex) -> bool:
    """Whether the index holds any note's (or highlight comment's) words."""
    with index.searcher() as searcher:
        return bool(searcher.reader().field_length("note"))


def _recent(library: Library, ids: Iterable[int]) -> list[int]:
    """Those of ``ids`` outside the trash, the most recently changed ``PROFILE_MAX``."""
    rows = library.conn.execute(
        "SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?)) "
        # "+": by the ids given, not by the index of papers outside the trash (all of them)
        "AND +trashed IS NULL ORDER BY coalesce(status_changed, updated) DESC, id DESC LIMIT ?",
        [json.dumps(sorted(ids)), PROFILE_MAX],
    )
    return [r[0] for r in rows]


_TEXT = (
    "SELECT p.id, p.title, p.abstract, p.authors, coalesce(p.venue, ''), "
    f"substr(p.note, 1, {NOTE_CHARS}), coalesce((SELECT group_concat(h.quote || ' ' || "
    "h.comment, char(10)) FROM highlights h WHERE h.paper_id = p.id), '') "
    "FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))"
)


def _texts(library: Library, ids: Sequence[int]) -> dict[int, str]:
    """Each paper's text as the index's ``text`` field holds it (the title twice), with its
    highlighted passages."""
    texts = {}
    for pid, title, abstract, authors, venue, note, marks in library.conn.execute(
        _TEXT, [json.dumps(list(ids))]
    ):
        names = " ; ".join(json.loads(authors))
        texts[pid] = "\n".join((title, title, abstract, names, venue, note, marks))
    return texts


# -- ranking ---------------------------------------------------------------------------------


class _Library:
    """The statistics of the index answers are computed from, kept with its searcher: the
    next answer from the same searcher looks no frequency up twice."""

    def __init__(self, index: SearchIndex, searcher: Any):
        self.index = index
        self.analyzer = index.schema[FIELD].analyzer
        reader = searcher.reader()
        self.docs = max(searcher.doc_count(), 1)
        self.avg_length = searcher.avg_field_length(FIELD) or 1.0
        leaves = sorted(
            (leaf for leaf, _ in reader.leaf_readers()),
            key=lambda leaf: leaf.doc_count_all(),
            reverse=True,
        )
        self.sample: list[Any] = []
        sampled = 0
        for leaf in leaves:
            if sampled >= SAMPLE_DOCS:
                break
            self.sample.append(leaf)
            sampled += leaf.doc_count_all()
        self.scale = reader.doc_count_all() / sampled if sampled else 1.0
        self._estimates: dict[str, float] = {}

    @classmethod
    def of(cls, index: SearchIndex) -> _Library:
        """The statistics of the index's open searcher (made once per searcher)."""
        with index.searcher() as searcher:
            stats = _KEPT.get(searcher)
            if stats is None or stats.index is not index:
                stats = _KEPT[searcher] = cls(index, searcher)
            return stats

    def terms(self, text: str) -> Counter[str]:
        """A text's terms as the index analyses it, counted."""
        return Counter(self.analyzer.terms(text))

    def estimated_frequency(self, term: str, at_least: float) -> float:
        """How many papers hold ``term``, estimated from the largest segments."""
        found = self._estimates.get(term)
        if found is None:
            if len(self._estimates) > ESTIMATES_KEPT:
                self._estimates.clear()
            found = sum(leaf.doc_frequency(FIELD, term) for leaf in self.sample) * self.scale
            self._estimates[term] = found
        return max(found, at_least)

    def saturated(self, freqs: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """BM25's term-frequency part: saturated, normalised by the paper's length."""
        return freqs * (K1 + 1) / (freqs + K1 * (1 - B + B * lengths / self.avg_length))


@dataclass
class _Terms:
    """What a set of papers holds: in how many papers each term is, and its mean
    (sublinear) frequency in them."""

    papers: int
    holding: Counter[str]
    frequency: dict[str, float]

    @classmethod
    def of(cls, counts: list[Counter[str]]) -> _Terms:
        """The terms of the papers analysed into ``counts``."""
        holding: Counter[str] = Counter()
        total: dict[str, float] = {}
        for count in counts:
            holding.update(count.keys())
            for term, n in count.items():
                total[term] = total.get(term, 0.0) + 1 + math.log(n)
        return cls(len(counts), holding, {t: total[t] / holding[t] for t in holding})


def relevance_weight(held: float, frequency: float, profile: float, docs: int) -> float:
    """Robertson and Sparck Jones' weight of a term held by ``held`` of ``profile`` papers
    and by ``frequency`` of the library's ``docs``: positive when the profile holds it more
    often than the rest of the library does, negative when less often."""
    frequency = max(frequency, held)
    held_elsewhere = max(frequency - held, 0.0) + 0.5
    lacking_here = max(profile - held, 0.0) + 0.5
    lacking_elsewhere = max(docs - frequency - profile + held, 0.0) + 0.5
    return math.log((held + 0.5) * lacking_elsewhere / (held_elsewhere * lacking_here))


def _rank(
    library: Library,
    index: SearchIndex,
    profile: list[int],
    excluded: np.ndarray,
    limit: int,
    tuning: Tuning,
) -> list[Similar]:
    if limit <= 0:
        return []
    stats = _Library.of(index)
    texts = _texts(library, profile)
    counts = [stats.terms(texts[pid]) for pid in profile if pid in texts]
    mine = _Terms.of(counts)
    if not mine.papers:
        return []
    best, scores = _best(stats, mine, excluded, max(tuning.candidates, limit), tuning.terms)
    order = np.lexsort((best, -scores))
    best, scores = best[order], scores[order]
    head = min(len(best), tuning.candidates)  # ranked again; any more follow as they were
    final = scores.copy()
    if head and stats.docs >= DISCRIMINATING_LIBRARY * head:
        # In a smaller library the candidates are much of the library: its mean is theirs.
        final[:head] = _discriminated(library, stats, counts, best[:head], scores[:head], tuning)
    again = np.lexsort((best[:head], -final[:head]))
    best[:head], final[:head] = best[:head][again], final[:head][again]
    if head < len(best) and head:
        final[head:] = np.minimum(final[head:], final[head - 1])
    shown = zip(best[:limit].tolist(), final[:limit].tolist(), strict=True)
    return [Similar(pid, round(score, 6)) for pid, score in shown]


def _best(
    stats: _Library, mine: _Terms, excluded: np.ndarray, wanted: int, terms: int
) -> tuple[np.ndarray, np.ndarray]:
    """The ids and scores of the ``wanted`` best papers not ``excluded``, in no order, by
    the profile's best ``terms``."""
    ids, scores = _scores(stats, mine, terms)
    keep = ids[~np.isin(ids, excluded)]
    wanted = min(len(keep), wanted)
    if not wanted:
        return keep[:0], np.zeros(0)
    best = keep[np.argpartition(-scores[keep], wanted - 1)[:wanted]]
    return best, scores[best]


def _scores(stats: _Library, mine: _Terms, terms: int) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the papers holding any of the profile's best terms, and every paper's score
    (indexed by paper id)."""
    pool = mine.holding
    if len(pool) > TERM_POOL:  # the terms most of the profile holds; each costs a lookup
        pool = Counter(
            dict(
                heapq.nlargest(
                    TERM_POOL, pool.items(), key=lambda kv: (kv[1], mine.frequency[kv[0]])
                )
            )
        )
    offers = []
    common = MAX_SHARE * stats.docs
    for term, held in pool.items():
        frequency = stats.estimated_frequency(term, held)
        weight = relevance_weight(held, frequency, mine.papers, stats.docs)
        if weight > 0 and frequency <= common:
            offers.append((held * weight * mine.frequency[term], term))
    id_parts, score_parts = [], []
    for _, term in heapq.nlargest(terms, offers):
        ids, freqs, lengths = stats.index.term_postings(FIELD, term)
        weight = relevance_weight(mine.holding[term], len(ids), mine.papers, stats.docs)
        if weight <= 0 or not len(ids):
            continue
        id_parts.append(ids)
        score_parts.append(weight * mine.frequency[term] * stats.saturated(freqs, lengths))
    if not id_parts:
        return np.zeros(0, np.int64), np.zeros(0)
    all_ids = np.concatenate(id_parts)
    scores = np.bincount(all_ids, weights=np.concatenate(score_parts))
    return np.flatnonzero(scores), scores


def _discriminated(
    library: Library,
    stats: _Library,
    counts: list[Counter[str]],
    best: np.ndarray,
    first: np.ndarray,
    tuning: Tuning,
) -> np.ndarray:
    """The candidates' final scores: Rocchio's linear discriminant over tf-idf vectors, the
    profile's mean vector less ``library_weight`` times the library's, plus ``first_weight``
    of the first ranking (``first``, the candidates' query scores, best first).

    Each paper is a vector of its terms' sublinear frequency times their smoothed idf, of
    unit length (arxiv-sanity-lite's features, without word pairs); terms held by fewer than
    ``MIN_PAPERS`` papers or by more than ``VECTOR_MAX_SHARE`` of the library are left out.
    The library's mean vector is estimated, not summed over every paper: a term's weight in
    it is the share of papers holding it times its idf over a typical paper's length (the
    mean of the candidates' and the profile's). Subtracting it is what lets words common in
    the library (a language-model paper's, to a reader of retrieval papers) count against a
    candidate although the profile holds them too; a linear SVM with arxiv-sanity-lite's small
    C learns about the same direction, at seconds per reader."""
    texts = _texts(library, best.tolist())
    theirs = [stats.terms(texts.get(pid, "")) for pid in best.tolist()]
    papers = [*counts, *theirs]
    vocabulary: dict[str, int] = {}
    rows, columns, tfs = [], [], []
    for row, paper in enumerate(papers):
        for term, n in paper.items():
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
            tfs.append(n)
    if not vocabulary:
        return first
    docs = stats.docs
    frequency = np.array([stats.estimated_frequency(term, 1) for term in vocabulary], np.float64)
    kept = (frequency >= MIN_PAPERS) & (frequency <= VECTOR_MAX_SHARE * docs)
    idf = np.where(kept, np.log((1 + docs) / (1 + frequency)) + 1, 0.0)
    row_of = np.array(rows, np.int64)
    column = np.array(columns, np.int64)
    values = (1 + np.log(np.array(tfs, np.float64))) * idf[column]
    norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(papers)))
    norms[norms == 0] = 1.0
    values /= norms[row_of]
    mine = row_of < len(counts)
    # bincount with weights is float64 (numpy's stubs say integers); divided, not in place.
    centroid = np.bincount(column[mine], weights=values[mine], minlength=len(vocabulary)) / len(
        counts
    )
    typical = float(np.mean(1 / norms))
    library_mean = frequency / docs * idf * typical
    direction = centroid - tuning.library_weight * library_mean
    theirs_at = ~mine
    scores = np.bincount(
        row_of[theirs_at] - len(counts),
        weights=values[theirs_at] * direction[column[theirs_at]],
        minlength=len(best),
    )
    top = float(scores.max())
    scale = first[0] if first[0] > 0 else 1.0  # the best query score: first is sorted
    return scores + tuning.first_weight * abs(top) * first / scale

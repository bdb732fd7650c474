"""The fast path finds and ranks exactly what Whoosh's own searcher finds and ranks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from papershelf.core import index as index_module
from papershelf.core import operations as ops
from papershelf.core.fulltext.ranking import Ranker
from papershelf.core.fulltext.tuning import PaperCodec
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = (
    FIXTURES / "hf-page" / "hf-trending-papers.txt",
    FIXTURES / "jsonl" / "dwdengwei-2025-12-30-first20.jsonl",
    FIXTURES / "jsonl" / "hf-daily-merged-first20.jsonl",
    FIXTURES / "markdown" / "daily-arxiv-2025-12-30-first3.md",
)


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index_module, "BULK", 10)  # the bulk writer, in worker processes
    with Shelf(tmp_path / "library") as shelf:
        for path in SOURCES:
            source = open_source(path)
            import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
        yield shelf


def _queries(shelf: Shelf) -> list[wq.Query]:
    words = shelf.index.schema["text"].analyzer.terms

    def term(word: str, field: str = "text") -> wq.Term:
        return wq.Term(field, words(word)[0])

    return [
        term("language"),
        term("models"),
        wq.And([term("language"), term("models")]),
        wq.Or([term("agents"), term("reasoning")]),
        wq.And([term("models"), wq.Not(term("language"))]),
        wq.Not(term("models")),
        wq.Prefix("text", "reason"),
        wq.FuzzyTerm("text", "lanugag", maxdist=2, prefixlength=1),
        wq.Phrase("text", words("large language models")),
        wq.Phrase("text", words("language large")),  # the words, never in that order
        wq.Term("title", words("agent")[0]),
        wq.Term("authors", "wang"),
        wq.Term("text", "zzzunknown"),
        wq.And([term("retrieval"), wq.Or([term("generation"), term("graph")])]),
    ]


def _assert_same_as_whoosh(shelf: Shelf) -> int:
    searcher = shelf.index.searcher()._searcher
    ranker = Ranker(searcher)
    checked = 0
    for query in _queries(shelf):
        found = ranker.run(query)
        assert found is not None, query
        docs, scores = found
        # Whoosh's lone Not also returns deleted documents (a Whoosh bug): live ones compared.
        expected = {
            docnum: score
            for score, docnum in searcher.search(query, limit=None).top_n
            if not searcher.reader().is_deleted(docnum)
        }
        assert sorted(docs.tolist()) == sorted(expected), query
        if not isinstance(query, (wq.Not, wq.Phrase, wq.Prefix, wq.FuzzyTerm)):
            # Prefix, fuzzy and phrase matches score as their words summed here, and a
            # lone Not scores nothing; Whoosh scores those its own way. Inside an And,
            # Whoosh adds 1.0 for each Not: the same order, so compared up to that.
            nots = sum(isinstance(part, wq.Not) for part in getattr(query, "subqueries", []))
            want = np.array([expected[d] for d in docs.tolist()])
            assert np.allclose(scores + nots, want), query
        checked += len(docs)
    return checked


def test_every_query_kind_matches_whoosh(shelf: Shelf) -> None:
    assert len(shelf.index._open()._segments()) >= 2  # several segments, offsets matter
    assert _assert_same_as_whoosh(shelf) > 100


def test_deleted_and_changed_papers_are_left_out(shelf: Shelf) -> None:
    victims = shelf.searcher.search("language models").ids[:5]
    assert len(victims) == 5
    for paper_id in victims[:2]:
        ops.set_note(shelf.library, paper_id, "Re-read: not about language models after all.")
    shelf.library.conn.execute("DELETE FROM papers WHERE id = ?", [victims[2]])
    shelf.library.conn.execute("INSERT INTO index_queue (paper_id) VALUES (?)", [victims[2]])
    shelf.library.conn.commit()
    shelf.index.catch_up()
    assert shelf.index.searcher().reader().has_deletions()
    _assert_same_as_whoosh(shelf)
    assert victims[2] not in shelf.searcher.search("language models").ids
    assert shelf.searcher.search("note:re-read").ids == sorted(victims[:2])


def test_search_box_ranks_like_whoosh(shelf: Shelf) -> None:
    """Through the search box: the best paper first, ties in index order."""
    searcher = shelf.index.searcher()._searcher
    query = wq.And([wq.Term("text", "languag"), wq.Term("text", "model")])
    ids = shelf.index._paper_ids()
    expected = [int(ids[docnum]) for _, docnum in searcher.search(query, limit=None).top_n]
    assert shelf.searcher.search("language models").ids == expected


def test_kept_lists_stay_within_their_budget(shelf: Shelf, monkeypatch: pytest.MonkeyPatch) -> None:
    import papershelf.core.fulltext.ranking as ranking

    ranker = Ranker(shelf.index.searcher()._searcher)
    ranker.run(wq.Term("text", "model"))
    one_list = ranker._kept_bytes
    assert one_list > 0
    monkeypatch.setattr(ranking, "KEPT_BYTES", one_list * 2)
    for query in _queries(shelf):
        ranker.run(query)
        assert ranker._kept_bytes <= one_list * 2 or len(ranker._lists) == 1
    assert len(ranker._lists) >= 1
    assert ranker._kept_bytes == sum(
        a.nbytes for kept in ranker._lists.values() for a in kept if a is not None
    )


@pytest.mark.parametrize("codec", ["papershelf", "whoosh"])
def test_segments_merged_by_whoosh_read_the_same(shelf: Shelf, codec: str) -> None:
    """Whoosh merging bulk-written segments (as its merge policy does on later commits)
    re-reads and re-writes every posting: the answers do not change, whether the merge writes
    with the index's codec or with Whoosh's plain one."""
    words = ("language models", "agents", '"large language models"', "reason*")
    before = {q: shelf.searcher.search(q).ids for q in words}
    assert len(shelf.index._open()._segments()) >= 2
    shelf.index.close()
    ix = shelf.index._open()
    writer = ix.writer(codec=PaperCodec(), compound=False) if codec == "papershelf" else ix.writer()
    writer.commit(optimize=True)  # one segment
    shelf.index.close()
    assert len(shelf.index._open()._segments()) == 1
    _assert_same_as_whoosh(shelf)
    assert {q: shelf.searcher.search(q).ids for q in words} == before


def test_many_small_commits_merge_and_still_match(shelf: Shelf) -> None:
    """Each note edit commits a small segment; Whoosh's merge policy folds them together."""
    ids = shelf.searcher.search("").ids[:12]
    for round_, paper_id in enumerate(ids):
        ops.set_note(shelf.library, paper_id, f"Edited note number {round_} about otters.")
        shelf.index.catch_up()
    assert shelf.searcher.search("otters").ids
    assert sorted(shelf.searcher.search("otters").ids) == sorted(ids)
    assert shelf.index.differences() == []
    _assert_same_as_whoosh(shelf)


def test_an_empty_index_answers_nothing(tmp_path: Path) -> None:
    with Shelf(tmp_path / "empty") as shelf:
        shelf.index.ensure()
        assert shelf.searcher.search("anything at all").ids == []
        assert shelf.searcher.search('"a phrase" OR prefix* -not').ids == []


def test_a_short_prefix_finds_every_paper_it_should(shelf: Shelf) -> None:
    searcher = shelf.index.searcher()._searcher
    query = wq.Prefix("text", "co")
    expected = {docnum for _, docnum in searcher.search(query, limit=None).top_n}
    found = Ranker(searcher).run(query)
    assert found is not None and set(found[0].tolist()) == expected and len(expected) > 50

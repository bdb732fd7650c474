"""The query language as it stands, as a table of (query, expected titles) on a small library."""

from __future__ import annotations

import pytest

from papershelf.core import operations as ops
from papershelf.core.importers import by_name
from papershelf.core.importing import import_source, open_source
from papershelf.core.session import Shelf

PAPERS = {
    "Retrieval Heads in Long Context": "We find retrieval heads that copy facts from context.",
    "Dense Passage Retrieval": "A retriever for open-domain question answering with dense vectors.",
    "Instruction Tuning Survey": "We survey instruction tuning methods for language models.",
    "Heads or Tails": "A study of coin flips, unrelated to attention in models whatsoever.",
}
LONG = " This sentence pads the abstract so it reads as one." * 3


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("search")
    text = "\n\n".join(f"{title}\n\n{abstract}{LONG}" for title, abstract in PAPERS.items())
    with Shelf(folder / "lib") as shelf:
        report = import_source(shelf.library, open_source(text=text), by_name("hf-page"))
        ids = dict(zip(PAPERS, report.ids, strict=True))
        ops.add_tag(
            shelf.library,
            [ids["Retrieval Heads in Long Context"], ids["Dense Passage Retrieval"]],
            "rag",
        )
        ops.add_tag(shelf.library, [ids["Instruction Tuning Survey"]], "Long Context")
        ops.set_status(shelf.library, [ids["Dense Passage Retrieval"]], "read")
        ops.set_status(shelf.library, [ids["Heads or Tails"]], "reading")
        ops.set_note(shelf.library, ids["Heads or Tails"], "Funny aside about otters.")
        shelf.index.ensure()
        yield shelf


CASES = [
    ("retrieval", {"Retrieval Heads in Long Context", "Dense Passage Retrieval"}),
    ("retrieval head", {"Retrieval Heads in Long Context"}),
    ("heads", {"Retrieval Heads in Long Context", "Heads or Tails"}),
    ('"retrieval heads"', {"Retrieval Heads in Long Context"}),
    ('"heads retrieval"', set()),
    ("tag:rag", {"Retrieval Heads in Long Context", "Dense Passage Retrieval"}),
    ("tag:RAG", {"Retrieval Heads in Long Context", "Dense Passage Retrieval"}),
    ('tag:"long context"', {"Instruction Tuning Survey"}),
    ("is:read", {"Dense Passage Retrieval"}),
    # a field before a group applies to every word in it
    ("title:(tails OR survey)", {"Heads or Tails", "Instruction Tuning Survey"}),
    ("title:(heads -tails)", {"Retrieval Heads in Long Context"}),
    ("heads -title:(tails OR survey)", {"Retrieval Heads in Long Context"}),
    (
        'tag:(rag OR "long context")',
        {"Retrieval Heads in Long Context", "Dense Passage Retrieval", "Instruction Tuning Survey"},
    ),
    ("is:(read OR reading)", {"Dense Passage Retrieval", "Heads or Tails"}),
    ("is:reading", {"Heads or Tails"}),
    ("is:unread", {"Retrieval Heads in Long Context", "Instruction Tuning Survey"}),
    ("tag:rag is:unread", {"Retrieval Heads in Long Context"}),
    ("retrieval is:read", {"Dense Passage Retrieval"}),
    ("heads -retrieval", {"Heads or Tails"}),
    ("heads NOT tag:rag", {"Heads or Tails"}),
    (
        "tag:rag OR is:reading",
        {"Retrieval Heads in Long Context", "Dense Passage Retrieval", "Heads or Tails"},
    ),
    ("survey OR tails", {"Instruction Tuning Survey", "Heads or Tails"}),
    ("(survey OR otters) is:unread", {"Instruction Tuning Survey"}),
    ("otters", {"Heads or Tails"}),
    ("note:otters", {"Heads or Tails"}),
    ("title:retrieval", {"Retrieval Heads in Long Context", "Dense Passage Retrieval"}),
    ("title:survey", {"Instruction Tuning Survey"}),
    ("retriev*", {"Retrieval Heads in Long Context", "Dense Passage Retrieval"}),
    ("retreival~", {"Retrieval Heads in Long Context", "Dense Passage Retrieval"}),
    ("has:note", {"Heads or Tails"}),
    ("has:tag -tag:rag", {"Instruction Tuning Survey"}),
    ("added:today", set(PAPERS)),
    ("added:2001-01", set()),
    ("nonexistentword", set()),
    ("survey of instruction tuning", {"Instruction Tuning Survey"}),  # "of" is a stop word
    ("the heads", {"Retrieval Heads in Long Context", "Heads or Tails"}),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_query(shelf: Shelf, query: str, expected: set[str]) -> None:
    result = shelf.searcher.search(query)
    assert result.error is None
    assert {p["title"] for p in shelf.library.papers(result.ids)} == expected


def test_empty_query_lists_everything_newest_first(shelf: Shelf) -> None:
    result = shelf.searcher.search("")
    assert result.total == 4
    assert result.ids == sorted(result.ids, reverse=True)


def test_title_matches_rank_first(shelf: Shelf) -> None:
    first = shelf.library.paper(shelf.searcher.search("retrieval heads").ids[0])
    assert first["title"] == "Retrieval Heads in Long Context"


def test_sort_by_title(shelf: Shelf) -> None:
    titles = [p["title"] for p in shelf.library.papers(shelf.searcher.search("sort:title").ids)]
    assert titles == sorted(PAPERS, key=str.casefold)


@pytest.mark.parametrize("query", ["(retrieval", "retrieval)", "is:nonsense", "year:soon", "OR"])
def test_a_bad_query_searches_the_words_and_says_why(shelf: Shelf, query: str) -> None:
    result = shelf.searcher.search(query)
    assert result.error and result.error.endswith("searching the words as typed.")

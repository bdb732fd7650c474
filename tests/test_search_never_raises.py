"""The query language promises never to raise (design §7): any text typed into the search box
gives an answer, and a value that makes no sense is said, not crashed on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.query import FILTERS, TEXT_FIELDS
from papershelf.core.session import Shelf

SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"
FIELDS = sorted({*FILTERS, *TEXT_FIELDS, "sort"})


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shelf]:
    folder = tmp_path_factory.mktemp("never-raises") / "library"
    with Shelf(folder) as opened:
        source = open_source(SAMPLE)
        import_source(opened.library, source, choose_importer(source))
        opened.index.ensure()
        yield opened


values = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"\A[<>]?=?\d{1,6}(\.\.\d{1,6})?[dwmy]?\Z"),
    st.from_regex(r"\A\d{1,5}-\d{1,3}(-\d{1,3})?\Z"),
)
fielded = st.builds(lambda f, v: f"{f}:{v}", st.sampled_from(FIELDS), values)
pieces = st.one_of(
    st.text(max_size=10),
    fielded,
    st.sampled_from(["(", ")", "OR", "AND", "-", '"', "*", "~", "retrieval", "retr*", "x~2"]),
)
queries = st.one_of(st.text(max_size=40), st.lists(pieces, max_size=8).map(" ".join))


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(queries)
def test_any_text_is_searched_without_raising(shelf: Shelf, text: str) -> None:
    result = shelf.searcher.search(text)
    assert all(isinstance(i, int) for i in result.ids)
    if result.error is not None:
        assert result.error.strip() and "\n" not in result.error


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("added:2026-02-30", "'2026-02-30' is not a date"),
        ("read:2026-13", "'2026-13' is not a date"),
        ("id:99999999999999999999999", "id: takes a paper's number"),
        ("added:99999999d", "'99999999d' is not a date"),
        ("year:２０２４", "year: takes"),
    ],
)
def test_a_value_that_makes_no_sense_is_said(shelf: Shelf, text: str, said: str) -> None:
    result = shelf.searcher.search(f"retrieval {text}")
    assert result.error is not None and said in result.error
    assert result.ids  # the words are still searched


@pytest.mark.parametrize("text", ["title:and", "abstract:OR", "-note:not", "title:or retrieval"])
def test_an_operator_word_as_a_fields_value_is_a_word(shelf: Shelf, text: str) -> None:
    # These once failed an assertion in the parser: "title:or" is the word "or" in titles.
    result = shelf.searcher.search(text)
    assert result.error is None


@pytest.mark.parametrize(
    "text", ["(" * 5000 + "retrieval" + ")" * 5000, "NOT " * 3000 + "retrieval", "(-" * 2000 + "x"]
)
def test_nesting_too_deep_is_said_and_the_words_are_searched(shelf: Shelf, text: str) -> None:
    # Found by fuzzing: the recursive parser ended in a RecursionError.
    result = shelf.searcher.search(text)
    assert result.error is not None and "nested more than 100 deep" in result.error


def test_nesting_people_type_is_parsed(shelf: Shelf) -> None:
    result = shelf.searcher.search("(" * 20 + "retrieval" + ")" * 20)
    assert result.error is None and result.ids == shelf.searcher.search("retrieval").ids

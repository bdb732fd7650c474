"""Search that finds what a person means: words as written, prefixes while typing, stems that
map a word's forms together, fuzzy words, "did you mean", and one place composing a search."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core import operations as ops
from papershelf.core.fulltext.ranking import Overtaken
from papershelf.core.importers import by_name
from papershelf.core.importing import import_source, open_source
from papershelf.core.index import FORMAT_VERSION, META_FILE
from papershelf.core.listing import View
from papershelf.core.session import Shelf
from papershelf.core.vocabulary import Vocabulary, file_name

SAMPLE = Path(__file__).parent.parent / "resources" / "sample-trending-papers.txt"


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory):
    """The bundled sample page: 65 real papers from the Hugging Face trending page."""
    folder = tmp_path_factory.mktemp("words")
    with Shelf(folder / "lib") as shelf:
        source = open_source(SAMPLE)
        import_source(shelf.library, source, by_name("hf-page"))
        shelf.index.ensure()
        yield shelf


def titles(shelf: Shelf, ids: list[int]) -> list[str]:
    return [shelf.library.paper(i)["title"] for i in ids]


def test_a_half_typed_word_finds_the_papers_it_begins(shelf: Shelf) -> None:
    whole = titles(shelf, shelf.searcher.search("retr").ids)
    typed = titles(shelf, shelf.searcher.search("retr", typing=True).ids)
    assert whole == []  # "retr" is not a word
    assert typed, "typing 'retr' shows nothing"
    assert all("retriev" in _text(shelf, t).lower() for t in typed[:5]), typed[:5]


def test_whole_word_hits_come_before_prefix_hits(shelf: Shelf) -> None:
    for word in ("math", "art"):  # "mathematical", "artificial": only by the prefix
        whole = shelf.searcher.search(word).ids
        typed = shelf.searcher.search(word, typing=True).ids
        assert len(typed) > len(whole) > 0
        assert set(typed[: len(whole)]) == set(whole)  # every whole-word hit first


def test_a_word_followed_by_a_space_is_whole(shelf: Shelf) -> None:
    assert shelf.searcher.search("retr ", typing=True).ids == []


def test_only_the_last_word_is_a_prefix(shelf: Shelf) -> None:
    assert shelf.searcher.search("retr memory", typing=True).ids == []
    assert shelf.searcher.search("memory retr", typing=True).ids


def test_a_written_prefix_matches_words_not_stems(shelf: Shelf) -> None:
    found = titles(shelf, shelf.searcher.search("memoriz*").ids)
    assert "On Memorization of Large Language Models in Logical Reasoning" in found


def test_forms_of_a_word_find_each_other(shelf: Shelf) -> None:
    for form in ("specializing", "specialized", "specialization"):
        found = titles(shelf, shelf.searcher.search(form).ids)
        assert any("Specialization" in t for t in found), (form, found)


def test_a_fuzzy_word_finds_the_word(shelf: Shelf) -> None:
    exact = set(shelf.searcher.search("retrieval").ids)
    fuzzy = set(shelf.searcher.search("retreival~").ids)
    assert exact and exact <= fuzzy


def test_a_misspelt_word_gets_a_suggestion_from_the_library(shelf: Shelf) -> None:
    result = shelf.searcher.search("retreival")
    assert result.ids == []
    assert result.suggestion == "retrieval"
    assert result.replaced == ("retreival", "retrieval")
    assert shelf.searcher.search(result.suggestion).ids


def test_the_suggestion_keeps_the_rest_of_the_query(shelf: Shelf) -> None:
    result = shelf.searcher.search("dense retreival is:unread")
    assert result.suggestion == "dense retrieval is:unread"


def test_words_that_find_papers_get_no_suggestion(shelf: Shelf) -> None:
    assert shelf.searcher.search("retrieval").suggestion is None
    assert shelf.searcher.search("ret", typing=True).suggestion is None
    assert shelf.searcher.search("zzzzqqqq").suggestion is None  # nothing near: no guess


def test_the_view_is_part_of_the_search(shelf: Shelf) -> None:
    everything = shelf.searcher.search("retrieval").ids
    first = everything[0]
    ops.set_status(shelf.library, [first], "read")
    try:
        read = shelf.searcher.search("retrieval", view=View("status", "read")).ids
        unread = shelf.searcher.search("retrieval", view=View("status", "unread")).ids
        assert read == [first]
        assert first not in unread and len(unread) == len(everything) - 1
    finally:
        ops.set_status(shelf.library, [first], "unread")


def test_a_column_order_replaces_relevance(shelf: Shelf) -> None:
    result = shelf.searcher.search("retrieval", column="title", descending=False, relevance=False)
    assert not result.relevance
    found = titles(shelf, result.ids)
    assert found == sorted(found, key=str.lower)
    assert shelf.searcher.search("retrieval").relevance


def test_an_overtaken_search_stops(shelf: Shelf) -> None:
    shelf.index.forget_answers()
    with pytest.raises(Overtaken):
        shelf.searcher.search("language models", should_stop=lambda: True)
    assert shelf.searcher.search("language models").ids  # and the next one runs


def test_the_vocabulary_holds_words_as_written(shelf: Shelf) -> None:
    words = shelf.index.vocabulary()
    assert "memorization" in words and "memor" not in words
    assert words.starting("memoriz") == ["memorization"]
    assert words.papers["retrieval"] >= 2


def test_an_index_from_before_the_vocabulary_is_rebuilt(tmp_path: Path) -> None:
    with Shelf(tmp_path / "lib") as shelf:
        import_source(shelf.library, open_source(SAMPLE), by_name("hf-page"))
        shelf.index.ensure()
        folder = shelf.index.folder
        meta = (folder / META_FILE).read_text()
        shelf.index.close()
        (folder / META_FILE).write_text(meta.replace(f'"format": {FORMAT_VERSION}', '"format": 9'))
        assert shelf.index.ensure() == "the index was made by another version"
        assert shelf.searcher.search("memoriz*").ids


def test_papers_indexed_later_add_their_words(tmp_path: Path) -> None:
    with Shelf(tmp_path / "lib") as shelf:
        import_source(shelf.library, open_source(SAMPLE), by_name("hf-page"))
        shelf.index.ensure()
        assert "zymurgical" not in shelf.index.vocabulary()
        text = "Zymurgical Transformers\n\n" + "We brew zymurgical transformers at scale. " * 4
        import_source(shelf.library, open_source(text=text), by_name("hf-page"))
        shelf.index.catch_up()
        assert "zymurgical" in shelf.index.vocabulary()
        assert shelf.searcher.search("zymurg", typing=True).ids


def test_a_half_written_line_is_read_once_whole(tmp_path: Path) -> None:
    path = tmp_path / file_name("g1")
    path.write_text("alpha\t2\nbet", encoding="utf-8")
    words = Vocabulary(path)
    assert words.words == ["alpha"]
    with path.open("a", encoding="utf-8") as out:
        out.write("a\t3\nalpha\t1\n")
    words.refresh()
    assert words.words == ["alpha", "beta"]
    assert words.papers == {"alpha": 3, "beta": 3}


def _text(shelf: Shelf, title: str) -> str:
    row = shelf.library.conn.execute(
        "SELECT title || ' ' || abstract FROM papers WHERE title = ?", [title]
    ).fetchone()
    return row[0]


def test_a_word_meant_as_a_tag_is_suggested_as_the_tag(tmp_path: Path) -> None:
    with Shelf(tmp_path / "lib") as shelf:
        report = import_source(shelf.library, open_source(SAMPLE), by_name("hf-page"))
        ops.add_tag(shelf.library, report.ids[:3], "to-review")
        shelf.index.ensure()
        result = shelf.searcher.search("toreview")
        assert result.ids == [] and result.suggestion == "tag:to-review"
        assert len(shelf.searcher.search(result.suggestion).ids) == 3


def test_a_common_misspelling_with_a_few_papers_is_still_corrected(tmp_path: Path) -> None:
    def paper(n: int, word: str) -> str:
        return (
            f"Paper {n} on {word}s\n\nWe study the {word} architecture, number {n}, at scale."
            + " This sentence pads the abstract so it reads as one." * 3
        )

    text = "\n\n".join(
        [paper(n, "transfomer") for n in range(4)]
        + [paper(n, "transformer") for n in range(4, 210)]
    )
    with Shelf(tmp_path / "lib") as shelf:
        import_source(shelf.library, open_source(text=text), by_name("hf-page"))
        shelf.index.ensure()
        result = shelf.searcher.search("transfomer")
        assert result.total == 4 and result.suggestion == "transformer"
        assert shelf.searcher.search("transformer").suggestion is None


def test_a_view_says_how_many_more_the_words_find_outside_it(shelf: Shelf) -> None:
    everything = shelf.searcher.search("retrieval").ids
    ops.set_status(shelf.library, everything[:2], "read")
    try:
        unread = shelf.searcher.search("retrieval", view=View("status", "unread"))
        assert unread.total == len(everything) - 2 and unread.elsewhere == 2
        assert shelf.searcher.search("retrieval").elsewhere == 0  # all papers: nothing hidden
        assert shelf.searcher.search("", view=View("status", "unread")).elsewhere == 0
    finally:
        ops.set_status(shelf.library, everything[:2], "unread")

"""The fast index paths are contained and checked: with another Whoosh (or the fast paths turned
off) the index is built and searched through Whoosh's own public paths and finds the same
papers; what the bulk writer cannot write it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from papershelf.core import fulltext
from papershelf.core.fulltext.bulk_segment import BulkSegmentWriter
from papershelf.core.fulltext.tuning import PaperCodec
from papershelf.core.importers import by_name
from papershelf.core.importing import import_source, open_source
from papershelf.core.session import Shelf

SAMPLE = Path(__file__).parent.parent / "resources" / "sample-trending-papers.txt"
QUERIES = [
    "retrieval",
    "language models",
    '"large language models"',
    "memoriz*",
    "retreival~",
    "retrieval -dense",
    "title:memory OR title:reasoning",
]


@pytest.fixture
def paths(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Call with True for Whoosh's own paths, False for the fast ones."""

    def choose(plain: bool) -> None:
        if plain:
            monkeypatch.setenv("PAPERSHELF_PLAIN_WHOOSH", "1")
        else:
            monkeypatch.delenv("PAPERSHELF_PLAIN_WHOOSH", raising=False)
        fulltext.fast.cache_clear()

    yield choose
    monkeypatch.delenv("PAPERSHELF_PLAIN_WHOOSH", raising=False)
    fulltext.fast.cache_clear()


def _library(folder: Path) -> None:
    with Shelf(folder) as shelf:
        import_source(shelf.library, open_source(SAMPLE), by_name("hf-page"))


def _answers(folder: Path) -> dict[str, set[int]]:
    with Shelf(folder) as shelf:
        shelf.index.ensure()
        return {q: set(shelf.searcher.search(q).ids) for q in QUERIES}


def test_the_pinned_whoosh_is_installed() -> None:
    assert fulltext.installed() == fulltext.PINNED
    assert fulltext.fast()


def test_another_whoosh_is_said_in_one_sentence() -> None:
    message = fulltext.unsupported("2.8.0")
    assert "2.8.0" in message and fulltext.PINNED in message and "\n" not in message


def test_whooshs_own_paths_find_the_same_papers(tmp_path: Path, paths) -> None:
    paths(False)
    _library(tmp_path / "fast")
    fast = _answers(tmp_path / "fast")
    paths(True)
    _library(tmp_path / "plain")
    with Shelf(tmp_path / "plain") as shelf:
        shelf.index.ensure()
        assert not shelf.index.fast
        ix = shelf.index._open()
        assert {type(s.codec()).__name__ for s in ix._segments()} == {"W3Codec"}
        assert ix.doc_count() == 65
    assert _answers(tmp_path / "plain") == fast
    assert all(fast.values())  # every query finds papers, so the comparison means something


def test_an_index_made_by_the_other_paths_is_rebuilt(tmp_path: Path, paths) -> None:
    paths(True)
    _library(tmp_path / "lib")
    with Shelf(tmp_path / "lib") as shelf:
        shelf.index.ensure()
    paths(False)
    with Shelf(tmp_path / "lib") as shelf:
        assert shelf.index.ensure() == "the index was made for other Whoosh paths"
        assert shelf.searcher.search("retrieval").ids


def test_the_bulk_writer_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    for field in (TEXT(vector=True), TEXT(spelling=True)):
        folder = tmp_path / str(id(field))
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), Schema(id=ID(stored=True), body=field))
        with pytest.raises(TypeError, match="no term vectors or spelling words"):
            BulkSegmentWriter(ix, codec=PaperCodec())


def test_check_says_the_fast_paths_are_off(tmp_path: Path, paths) -> None:
    from papershelf.core.checkup import check

    paths(True)
    _library(tmp_path / "lib")
    with Shelf(tmp_path / "lib") as shelf:
        shelf.index.ensure()
        report = check(shelf)
    assert any("slower paths" in w for w in report.warnings), report.warnings
    assert not report.problems

"""The Whoosh index stays in step with SQLite, and rebuilds itself when it is not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papershelf.core import operations as ops
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf


@pytest.fixture
def shelf(library_dir: Path, sample_copy: Path):
    with Shelf(library_dir) as shelf:
        source = open_source(sample_copy)
        import_source(shelf.library, source, choose_importer(source))
        yield shelf


def titles(shelf: Shelf, query: str) -> list[str]:
    return [p["title"] for p in shelf.library.papers(shelf.searcher.search(query).ids)]


def test_import_queues_papers_and_catch_up_indexes_them(shelf: Shelf) -> None:
    assert shelf.index.queued() == 65
    assert shelf.index.ensure() == "the index was missing"
    assert shelf.index.queued() == 0
    assert shelf.index.doc_count() == 65
    assert shelf.index.differences() == []


def test_a_note_is_searchable_after_catch_up(shelf: Shelf) -> None:
    shelf.index.ensure()
    ops.set_note(shelf.library, 5, "Mentions the okapi benchmark.")
    assert shelf.index.queued() == 1
    assert shelf.index.differences()  # one stale paper, one queued
    shelf.index.catch_up()
    assert shelf.searcher.search("okapi").ids == [5]
    ops.set_note(shelf.library, 5, "Now about narwhals.")
    shelf.index.catch_up()
    assert shelf.searcher.search("okapi").ids == []
    assert shelf.searcher.search("note:narwhals").ids == [5]
    assert shelf.index.differences() == []


def test_status_and_tags_never_touch_the_index(shelf: Shelf) -> None:
    shelf.index.ensure()
    ops.set_status(shelf.library, [1, 2], "read")
    ops.add_tag(shelf.library, [1], "rag")
    assert shelf.index.queued() == 0


def test_deleted_index_folder_is_rebuilt(shelf: Shelf, library_dir: Path) -> None:
    shelf.index.ensure()
    shelf.index.close()
    shutil.rmtree(library_dir / "index")
    assert shelf.index.ensure() == "the index was missing"
    assert shelf.index.doc_count() == 65
    assert titles(shelf, '"retrieval head"')[0].startswith("Retrieval Head")


def test_corrupt_index_is_rebuilt(shelf: Shelf, library_dir: Path) -> None:
    shelf.index.ensure()
    shelf.index.close()
    for segment in (library_dir / "index").glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (library_dir / "index").glob("_*.toc"):
        toc.write_bytes(b"garbage")
    assert shelf.index.ensure() == "the index could not be read"
    assert shelf.index.differences() == []


def test_index_of_another_library_is_replaced(shelf: Shelf, tmp_path: Path) -> None:
    shelf.index.ensure()
    with Shelf(tmp_path / "other") as other:
        other.index.ensure()
        other.index.close()
        shutil.rmtree(tmp_path / "other" / "index")
        shutil.copytree(shelf.library.index_dir, tmp_path / "other" / "index")
        assert other.index.ensure() == "the index belonged to another library"
        assert other.index.doc_count() == 0


def test_index_missing_a_paper_is_rebuilt(shelf: Shelf) -> None:
    shelf.index.ensure()
    writer = shelf.index._open().writer()
    writer.delete_by_term("id", "3")
    writer.commit()
    shelf.index.close()
    assert shelf.index.ensure() == "the index did not hold the same papers as the library"
    assert shelf.index.doc_count() == 65


def test_check_reports_what_differs(shelf: Shelf) -> None:
    shelf.index.ensure()
    shelf.library.conn.execute("UPDATE papers SET rev = rev + 1 WHERE id = 9")
    shelf.library.conn.commit()
    problems = shelf.index.differences()
    assert problems == ["1 papers indexed from an older version: 9"]


def test_bulk_indexing_in_worker_processes(shelf: Shelf, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the bulk threshold, papers are indexed by worker processes into new segments."""
    from papershelf.core import index

    monkeypatch.setattr(index, "BULK", 10)
    assert shelf.index.ensure() == "the index was missing"  # a parallel rebuild
    assert shelf.index.doc_count() == 65
    assert shelf.index.differences() == []
    assert titles(shelf, '"retrieval head"')[0].startswith("Retrieval Head")
    more = "\n\n".join(
        f"Extra Paper Number {n}\n\n" + "Abstract words about okapis. " * 12 for n in range(20)
    )
    import_source(shelf.library, open_source(text=more), choose_importer(open_source(text=more)))
    assert shelf.index.catch_up() == 20  # a parallel catch-up next to existing segments
    assert len(shelf.searcher.search("okapis").ids) == 20
    assert shelf.index.differences() == []

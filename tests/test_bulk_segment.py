"""The bulk segment writer writes exactly what Whoosh's own writer writes for the same papers."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from papershelf.core.fulltext.bulk_segment import BulkSegmentWriter
from papershelf.core.fulltext.tuning import PaperCodec
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.index import _SELECT, _document, make_schema
from papershelf.core.session import Shelf

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Real papers from three fixtures, each three times (so common words span several blocks)."""
    folder = tmp_path_factory.mktemp("library")
    with Shelf(folder) as shelf:
        for path in (
            FIXTURES / "hf-page" / "hf-trending-papers.txt",
            FIXTURES / "jsonl" / "dwdengwei-2025-12-30-first20.jsonl",
            FIXTURES / "markdown" / "daily-arxiv-2025-12-30-first3.md",
        ):
            source = open_source(path)
            import_source(shelf.library, source, choose_importer(source))
        rows = shelf.library.conn.execute(_SELECT).fetchall()
    docs = [_document(row) for row in rows]
    docs += [{**doc, "id": str(copy * 1000 + int(doc["id"]))} for copy in (1, 2) for doc in docs]
    assert len(docs) > 200
    return docs


def _segment_files(folder: Path, writer_class: type, docs: list[dict]) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = writer_class(ix, codec=PaperCodec(), compound=False)
    for doc in docs:
        writer.add_document(**doc)
    segment = writer._finalize_segment()
    writer._commit_toc([segment])
    writer._finish()
    prefix = f"MAIN_{segment.segid}"
    return {
        path.name.replace(segment.segid, "*"): path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith(prefix)
    }


def _postings(folder: Path) -> list[tuple]:
    """Every term with its statistics and postings (ids, weights, values), as Whoosh reads them."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        listed = []
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            matcher = reader.postings(field, term)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            listed.append(
                (
                    field,
                    term,
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                    postings,
                )
            )
        return listed


def test_segment_reads_back_exactly_as_whooshs(documents: list[dict], tmp_path: Path) -> None:
    ours = _segment_files(tmp_path / "bulk", BulkSegmentWriter, documents)
    whooshs = _segment_files(tmp_path / "whoosh", SegmentWriter, documents)
    assert sorted(ours) == sorted(whooshs)
    # Stored fields, field lengths and the id column: the same bytes.
    for name, content in whooshs.items():
        if not name.endswith((".pst", ".trm")):
            assert ours[name] == content, f"{name} differs"
    # Postings: the same terms, statistics, documents, weights and positions. (The bytes
    # differ only where pickle shares one encoded position list between postings.)
    bulk, whoosh = _postings(tmp_path / "bulk"), _postings(tmp_path / "whoosh")
    assert len(bulk) > 1000
    assert max(len(row[-1]) for row in bulk) > 128  # lists of more than one block
    assert bulk == whoosh


def test_a_bulk_commit_never_merges_away_other_segments(
    documents: list[dict], tmp_path: Path
) -> None:
    """Merging goes through Whoosh's pool, which the bulk writer does not write: its commit
    leaves the other segments alone, and an explicit merge is refused, not done half."""
    folder = tmp_path / "index"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    for doc in documents[:5]:  # five small segments: Whoosh's policy would merge them
        writer = ix.writer(codec=PaperCodec(), compound=False)
        writer.add_document(**doc)
        writer.commit()
    bulk = BulkSegmentWriter(ix, codec=PaperCodec(), compound=False)
    for doc in documents[5:10]:
        bulk.add_document(**doc)
    bulk.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 10
        assert sorted(int(f["id"]) for f in searcher.all_stored_fields()) == sorted(
            int(d["id"]) for d in documents[:10]
        )
    bulk = BulkSegmentWriter(ix, codec=PaperCodec(), compound=False)
    bulk.add_document(**documents[10])
    with pytest.raises(TypeError, match="new documents only"):
        bulk.commit(optimize=True)

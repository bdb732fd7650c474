"""Identity and re-import (design §5): what makes two records one paper, and what a match may do."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core import operations as ops
from papershelf.core.identity import normalise_arxiv, normalise_doi, normalise_pmid
from papershelf.core.importers import by_name
from papershelf.core.importing import ImportReport, import_source, open_source
from papershelf.core.library import Library
from papershelf.core.records import Record
from papershelf.core.textutil import title_key


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1000/XYZ.123", "10.1000/xyz.123"),
        ("https://doi.org/10.1145/3442188.3445922", "10.1145/3442188.3445922"),
        ("doi:10.48550/arXiv.2404.15574.", "10.48550/arxiv.2404.15574"),
        ("not a doi", None),
    ],
)
def test_doi(raw: str, doi: str | None) -> None:
    assert normalise_doi(raw) == doi


@pytest.mark.parametrize(
    ("raw", "arxiv"),
    [
        ("2404.15574v2", "2404.15574"),
        ("arXiv:2404.15574", "2404.15574"),
        ("https://arxiv.org/abs/2404.15574v1", "2404.15574"),
        ("https://arxiv.org/pdf/2404.15574v3.pdf", "2404.15574"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("", None),
    ],
)
def test_arxiv(raw: str, arxiv: str | None) -> None:
    assert normalise_arxiv(raw) == arxiv


def test_pmid_and_title_key() -> None:
    assert normalise_pmid(" PMID: 0012345 ") == "12345"
    assert title_key("Retrieval  Head: Mechanistically—Explains!") == title_key(
        "retrieval head mechanistically explains"
    )
    assert title_key("Ｆｕｌｌｗｉｄｔｈ Title") == "fullwidth title"


class ListImporter:
    """An importer over records built in the test, to exercise merging without a format."""

    name = "test-list"
    label = "test records"

    def __init__(self, records: list[Record]):
        self.records = records

    def detect(self, head: str) -> float:
        return 0.0

    def parse(self, source):
        yield from self.records


def run(library: Library, *records: Record) -> ImportReport:
    return import_source(library, open_source(text="records"), ListImporter(list(records)))


@pytest.fixture
def library(library_dir: Path):
    with Library(library_dir) as library:
        yield library


def test_doi_match_fills_empty_fields_and_keeps_user_data(library: Library) -> None:
    first = run(library, Record(title="A Paper", doi="10.1000/abc"))
    (pid,) = first.ids
    ops.add_tag(library, [pid], "mine")
    ops.set_status(library, [pid], "read")
    ops.set_note(library, pid, "my note")
    second = run(
        library,
        Record(
            title="A paper (preprint title differs)",
            doi="https://doi.org/10.1000/ABC",
            abstract="Now with an abstract.",
            year=2024,
            authors=["Ada Lovelace"],
        ),
    )
    assert (second.new, second.updated, second.duplicates) == (0, 1, 0)
    paper = library.paper(pid)
    assert paper["title"] == "A Paper"  # never overwritten
    assert paper["abstract"] == "Now with an abstract."
    assert paper["year"] == 2024 and paper["authors"] == ["Ada Lovelace"]
    assert (paper["tags"], paper["status"], paper["note"]) == (["mine"], "read", "my note")
    third = run(library, Record(title="A Paper", doi="10.1000/abc", abstract="Another abstract."))
    assert (third.new, third.updated, third.duplicates) == (0, 0, 1)
    assert library.paper(pid)["abstract"] == "Now with an abstract."


def test_three_copies_of_one_paper_in_one_file_are_one_paper(library: Library) -> None:
    """Into a library that already holds papers, the third copy was inserted again (found by
    fuzzing: UNIQUE constraint failed: papers.arxiv_id, and the import was lost)."""
    run(library, Record(title="Something Else Entirely", doi="10.1000/other"))
    copies = [Record(title=t, arxiv_id="2512.03383") for t in ("i", "s", "3")]
    report = run(library, *copies)
    assert (report.new, report.duplicates) == (1, 2)
    assert library.count() == 2


def test_an_id_a_merge_gives_a_paper_matches_later_records(library: Library) -> None:
    """A record filling a library paper's DOI makes a later record with that DOI its copy."""
    (pid,) = run(library, Record(title="Heads Paper", arxiv_id="2404.15574")).ids
    report = run(
        library,
        Record(title="Heads Paper", arxiv_id="2404.15574", doi="10.1000/heads"),
        Record(title="Heads, the journal version", doi="10.1000/heads"),
    )
    assert (report.new, report.updated, report.duplicates) == (0, 1, 1)
    assert library.paper(pid)["doi"] == "10.1000/heads" and library.count() == 1


def test_arxiv_versions_are_one_paper(library: Library) -> None:
    run(library, Record(title="Heads", arxiv_id="2404.15574v1"))
    report = run(library, Record(title="Heads (v2)", arxiv_id="arXiv:2404.15574v2"))
    assert report.duplicates == 1 and library.count() == 1


def test_title_and_year(library: Library) -> None:
    run(library, Record(title="Attention Is All You Need", year=2017))
    same = run(library, Record(title="attention is all you need.", year=2017))
    no_year = run(library, Record(title="Attention is all you NEED"))
    other_year = run(library, Record(title="Attention Is All You Need", year=2023))
    assert (same.duplicates, no_year.duplicates, other_year.new) == (1, 1, 1)
    assert library.count() == 2


def test_different_dois_with_the_same_title_stay_apart(library: Library) -> None:
    run(library, Record(title="Introduction", doi="10.1000/one"))
    report = run(library, Record(title="Introduction", doi="10.1000/two"))
    assert report.new == 1 and library.count() == 2


def test_a_dump_listing_a_paper_twice_imports_it_once(library: Library) -> None:
    report = run(
        library,
        Record(title="Listed Twice On The Page", abstract="x"),
        Record(title="Another Paper Between Them"),
        Record(title="Listed Twice On The Page", abstract="x"),
    )
    assert (report.new, report.duplicates) == (2, 1)


@pytest.mark.parametrize("title", ["[", "Abstract", "Transformers", "Book Review", "A B C"])
def test_a_title_that_identifies_nothing_never_merges_papers(library: Library, title: str) -> None:
    report = run(library, *[Record(title=title, abstract=f"Paper {n}.") for n in range(33)])
    again = run(library, Record(title=title, abstract="Paper 0."))
    assert (report.new, report.duplicates, again.new) == (33, 0, 1)
    assert library.count() == 34


def test_preview_counts_match_the_import_and_write_nothing(
    library: Library, sample_copy: Path
) -> None:
    source = open_source(sample_copy)
    preview = import_source(library, source, by_name("hf-page"), dry_run=True)
    assert (preview.new, library.count(), library.batches()) == (65, 0, [])
    done = import_source(library, source, by_name("hf-page"))
    assert (done.new, done.duplicates) == (preview.new, preview.duplicates)
    assert library.batches()[0]["new"] == 65


def test_status_history_is_recorded(library: Library) -> None:
    (pid,) = run(library, Record(title="Tracked")).ids
    ops.set_status(library, [pid], "reading")
    ops.set_status(library, [pid], "read")
    ops.set_status(library, [pid], "read")  # no change, no entry
    history = library.conn.execute(
        "SELECT status FROM status_history WHERE paper_id = ? ORDER BY id", [pid]
    ).fetchall()
    assert [h[0] for h in history] == ["reading", "read"]
    assert library.paper(pid)["status_changed"] is not None

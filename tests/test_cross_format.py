"""The same papers imported from two formats end up as one copy each (design §5).

JabRef's importer suite gives, for one paper, an input in RIS, MEDLINE or PubMed XML and the
``.bib`` JabRef makes of it (``tests/fixtures/jabref-importer/``). Importing both through the
core, as the CLI and the window do, must add the paper once: the second format only fills empty
fields or counts as a duplicate. Re-importing every fixture file a second time adds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papershelf.core.importing import ImportReport, choose_importer, import_source, open_source
from papershelf.core.session import Shelf

FIXTURES = Path(__file__).parent / "fixtures"
JABREF = FIXTURES / "jabref-importer"

# Input -> its format; the second format is always the .bib JabRef expects beside it.
# MedlineImporterTestKeywordSingleEntry.xml is left out on purpose: JabRef made that input with
# two <PMID> elements (1 and 10097079) in one MedlineCitation, which PubMed's DTD does not
# allow; Papershelf keeps the first, JabRef the last, so the two files name different papers.
PAIRS = {
    "MedlineImporterTestArticleID.xml": "pubmed-xml",
    "MedlineImporterTestPubmedBook.xml": "pubmed-xml",
    "MedlineImporterTestMathML.xml": "pubmed-xml",
    "NbibImporterTest.nbib": "medline",
    "MedlinePlainImporterTestCompleteEntry.txt": "medline",
    "RisImporterTestScopus.ris": "ris",
    "RisImporterTest6.ris": "ris",
    "RisImporterTestDOI.ris": "ris",
    "RisImporterTest3.ris": "ris",
}


def _import(shelf: Shelf, path: Path) -> ImportReport:
    source = open_source(path)
    return import_source(shelf.library, source, choose_importer(source), keep_valid=True)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_second_format_adds_no_copy(library_dir: Path, name: str) -> None:
    """A paper imported from its input, then from JabRef's .bib of it, is there once."""
    with Shelf(library_dir) as shelf:
        first = _import(shelf, JABREF / name)
        assert (first.format, first.new) == (PAIRS[name], 1)
        second = _import(shelf, (JABREF / name).with_suffix(".bib"))
        assert second.format == "bibtex"
        assert second.new == 0
        assert second.updated + second.duplicates == 1
        assert set(second.ids) <= set(first.ids)  # an update names the paper; a duplicate not
        assert shelf.library.count() == 1


def test_both_formats_of_every_pair_in_one_library(library_dir: Path) -> None:
    """All inputs, then all their .bib files, into one library: one copy of each paper."""
    with Shelf(library_dir) as shelf:
        firsts = [_import(shelf, JABREF / name) for name in sorted(PAIRS)]
        assert sum(r.new for r in firsts) == len(PAIRS)
        seconds = [_import(shelf, (JABREF / name).with_suffix(".bib")) for name in sorted(PAIRS)]
        assert [r.new for r in seconds] == [0] * len(PAIRS)
        assert shelf.library.count() == len(PAIRS)
        ids = {i for r in firsts for i in r.ids}
        assert {i for r in seconds for i in r.ids} <= ids


def _fixture_inputs() -> list[Path]:
    """Every fixture file that has expectations (and so at least one paper)."""
    inputs = []
    for expected in sorted(FIXTURES.glob("*/*.expected.json")):
        if json.loads(expected.read_text(encoding="utf-8"))["count"] > 0:
            inputs.append(expected.with_name(expected.name.removesuffix(".expected.json")))
    return inputs


def test_reimporting_every_fixture_adds_nothing(library_dir: Path) -> None:
    """Every fixture file imported twice into one library: the second round adds 0 papers."""
    inputs = _fixture_inputs()
    assert len(inputs) > 30
    with Shelf(library_dir) as shelf:
        for path in inputs:
            _import(shelf, path)
        count = shelf.library.count()
        assert count > 0
        again = {path.name: _import(shelf, path) for path in inputs}
        added = {name: r.new for name, r in again.items() if r.new}
        assert added == {}, "papers added by a second import of the same file"
        # The first round already filled every field those files have, so nothing is updated.
        assert {name: r.updated for name, r in again.items() if r.updated} == {}
        assert shelf.library.count() == count

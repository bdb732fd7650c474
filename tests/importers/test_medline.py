"""Edge cases of the MEDLINE (.nbib) importer."""

from __future__ import annotations

from papershelf.core.importers import Source, medline
from papershelf.core.records import Record, Skip

RECORD = """PMID- 12345
TI  - A title that is wrapped
      over two lines.
AB  - First part of the abstract
      and its continuation.
FAU - Doe, Jane
AU  - Doe J
AU  - Roe R
DP  - 2001 Feb 3
TA  - J Test
LID - 10.1000/ABC [doi]
OT  - keyword one
"""


def _parse(text: str) -> list[Record | Skip]:
    return list(medline.IMPORTER.parse(Source.from_text(text, "test.nbib")))


def test_continuations_authors_dates_ids() -> None:
    (record,) = _parse(RECORD)
    record = record.cleaned()
    assert record.title == "A title that is wrapped over two lines."
    assert record.abstract == "First part of the abstract and its continuation."
    assert record.authors == ["Doe J", "Roe R"]  # FAU is incomplete, so the AU names are used
    assert (record.year, record.date, record.venue) == (2001, "2001-02-03", "J Test")
    assert (record.doi, record.pmid, record.keywords) == ("10.1000/abc", "12345", ["keyword one"])


def test_records_without_blank_line_between_and_truncated_end() -> None:
    items = _parse(RECORD + "PMID- 2\nTI  - Second\nPMID- 3\nAB  - no title, cut off")
    assert [type(i) for i in items] == [Record, Record, Skip]
    assert [i.line for i in items] == [1, 13, 15]


def test_stray_text_is_a_skip() -> None:
    items = _parse("Some header text\n\n" + RECORD)
    assert isinstance(items[0], Skip) and items[0].line == 1
    assert isinstance(items[1], Record) and items[1].line == 3


def test_detection() -> None:
    assert medline.IMPORTER.detect(RECORD) >= 0.9
    assert medline.IMPORTER.detect("TY  - JOUR\nTI  - x\nPMID- 1\n") == 0.0

"""Edge cases of the RIS importer: missing ER, BOM, line endings, tag variants."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.importers import Source, ris
from papershelf.core.records import Record, Skip


def _parse(text: str) -> list[Record | Skip]:
    return list(ris.IMPORTER.parse(Source.from_text(text, "test.ris")))


def test_record_without_er_is_skipped_with_its_line() -> None:
    items = _parse("TY  - JOUR\nTI  - First\nTY  - JOUR\nTI  - Second\nER  - \n")
    assert isinstance(items[0], Skip) and items[0].line == 1
    assert isinstance(items[1], Record) and items[1].title == "Second" and items[1].line == 3


def test_truncated_file_ends_with_a_skip() -> None:
    items = _parse("TY  - JOUR\nTI  - Kept\nER  - \n\nTY  - JOUR\nTI  - Cut")
    assert [type(i) for i in items] == [Record, Skip]
    assert items[1].line == 5


def test_bom_crlf_and_stray_cr(tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    body = (
        "TY  - JOUR\r\nTI  - One\r\nAB  - Abstract one\r\nER  - \r\n"
        "\rTY  - JOUR\r\nTI  - Two\r\nER  - \r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    source = Source.from_path(path)
    assert ris.IMPORTER.detect(source.head) >= 0.9
    items = list(ris.IMPORTER.parse(source))
    assert [i.title for i in items] == ["One", "Two"]
    assert items[0].abstract == "Abstract one"


def test_n2_abstract_names_dates_and_doi_url() -> None:
    (record,) = _parse(
        "TY  - JOUR\nT1  - Title\nAU  - Doe, Jane\nAU  - Roe,Richard\nPY  - 2019/03/07/\n"
        "N2  - The abstract\n      continues here.\nJO  - J. Tests\n"
        "UR  - https://doi.org/10.1234/XYZ\nKW  - a\nKW  - b\nER  - \n"
    )
    record = record.cleaned()
    assert record.authors == ["Jane Doe", "Richard Roe"]
    assert (record.year, record.date) == (2019, "2019-03-07")
    assert record.abstract == "The abstract continues here."
    assert (record.venue, record.doi, record.keywords) == ("J. Tests", "10.1234/xyz", ["a", "b"])


def test_tags_before_any_ty_are_reported() -> None:
    items = _parse("TI  - Orphan\nER  - \n")
    assert items == [Skip(1, "tags without a TY line before them; not a record")]


def test_detection_ignores_medline() -> None:
    assert ris.IMPORTER.detect("PMID- 1\nTI  - A title\nAB  - text\nFAU - Doe, J\n") == 0.0

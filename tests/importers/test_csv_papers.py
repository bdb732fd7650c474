"""Edge cases of the CSV importer: BOM, quoted newlines, legacy encodings, column names."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import Source, detect
from papershelf.core.importers.csv_papers import IMPORTER, split_authors
from papershelf.core.records import Record, Skip

ZOTERO_HEADER = (
    '"Key","Item Type","Publication Year","Author","Title","Publication Title",'
    '"DOI","Url","Abstract Note","Date","Manual Tags"'
)


def _items(path: Path) -> list[Record | Skip]:
    source = Source.from_path(path)
    assert detect(source).name == "csv"
    return list(IMPORTER.parse(source))


def test_bom_and_quoted_newlines_keep_line_numbers(tmp_path: Path) -> None:
    rows = [
        ZOTERO_HEADER,
        '"K1","journalArticle","2020","Lovelace, Ada; Babbage, Charles","First paper",'
        '"J. Tests","10.1000/ABC","https://example.org/1","Line one\nline ""two"".",'
        '"2020-05-01","ml; nlp"',
        '"K2","journalArticle","2021","Turing, Alan","","J","","","","",""',
        '"K3","book","2019","Hopper, Grace","Third, with comma","","","","","2019",""',
    ]
    path = tmp_path / "zotero.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode("utf-8"))
    items = _items(path)
    records = [i.cleaned() for i in items if isinstance(i, Record)]
    first = records[0]
    assert first.title == "First paper"
    assert first.abstract == 'Line one line "two".'
    assert first.authors == ["Lovelace, Ada", "Babbage, Charles"]
    assert (first.year, first.date, first.doi, first.venue) == (
        2020,
        "2020-05-01",
        "10.1000/abc",
        "J. Tests",
    )
    assert first.keywords == ["ml", "nlp"]
    assert [r.line for r in records] == [2, 5]
    assert [(s.line, s.reason) for s in items if isinstance(s, Skip)] == [
        (4, "a row without a title.")
    ]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    title = "Über die Säugetiere — “quoted”" if encoding == "cp1252" else "Über die Säugetiere"
    row = f'"{title}","Müller, J.","Résumé of the étude of Säugetiere in Österreich.",1999\n'
    text = "Title,Authors,Abstract,Year\n" + row * 40
    path = tmp_path / "legacy.csv"
    path.write_bytes(text.encode(encoding))
    records = [i.cleaned() for i in _items(path) if isinstance(i, Record)]
    assert len(records) == 40
    assert records[0].title == title
    assert records[0].abstract.startswith("Résumé of the étude")


def test_semicolon_separated_export_and_placeholder_abstract(tmp_path: Path) -> None:
    path = tmp_path / "scopus.csv"
    path.write_text(
        "Authors;Title;Year;Source title;DOI;Abstract\n"
        "Smith J., Doe A.;A title;2005;J. Chem;10.1002/X;[No abstract available]\n",
        encoding="utf-8",
    )
    (record,) = [i.cleaned() for i in _items(path) if isinstance(i, Record)]
    assert record.authors == ["Smith J.", "Doe A."]
    assert record.abstract == ""
    assert record.venue == "J. Chem"


def test_springer_run_together_authors() -> None:
    names = "Vivek K. PallipuramMohammad BhuiyanMelissa C. Smith"
    assert split_authors(names, run_together=True) == [
        "Vivek K. Pallipuram",
        "Mohammad Bhuiyan",
        "Melissa C. Smith",
    ]
    assert split_authors("Ann McDonaldBo Li", run_together=True) == ["Ann McDonald", "Bo Li"]


def test_csv_without_a_title_column_is_not_detected_or_parsed() -> None:
    source = Source.from_text("name,age,city\nAda,36,London\n")
    assert IMPORTER.detect(source.head) == 0.0
    with pytest.raises(ImportRefused, match="no title column"):
        list(IMPORTER.parse(source))

"""Edge cases of the JSON / JSON Lines importer: API shapes, broken and non-paper JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import Source, detect
from papershelf.core.importers.json_papers import IMPORTER
from papershelf.core.records import Record, Skip

ABSTRACT = "We study a problem. Our method works well on every benchmark we tried."


def _parse(text: str) -> list[Record | Skip]:
    return list(IMPORTER.parse(Source.from_text(text, "test.json")))


def _records(text: str) -> list[Record]:
    return [i.cleaned() for i in _parse(text) if isinstance(i, Record)]


def test_openalex_inverted_index_is_rebuilt_into_text() -> None:
    work = {
        "id": "https://openalex.org/W2741809807",
        "doi": "https://doi.org/10.7717/PEERJ.4375",
        "title": "The state of OA",
        "publication_year": 2018,
        "publication_date": "2018-02-13",
        "abstract_inverted_index": {"Despite": [0], "growing": [1], "interest": [2], "in": [3, 5]},
        "authorships": [{"author": {"display_name": "Heather Piwowar"}}],
        "primary_location": {"source": {"display_name": "PeerJ"}},
    }
    text = json.dumps({"meta": {"count": 1}, "results": [work]})
    assert detect(Source.from_text(text)).name == "json"
    (record,) = _records(text)
    assert record.abstract == "Despite growing interest in in"
    assert record.doi == "10.7717/peerj.4375"
    assert record.authors == ["Heather Piwowar"]
    assert (record.year, record.date, record.venue) == (2018, "2018-02-13", "PeerJ")


def test_crossref_jats_abstract_title_list_and_names() -> None:
    item = {
        "DOI": "10.1000/XYZ.1",
        "title": ["Deep &amp; wide"],
        "abstract": "<jats:title>Abstract</jats:title><jats:p>First part.</jats:p>"
        "<jats:p>Second <jats:italic>part</jats:italic>.</jats:p>",
        "author": [{"given": "Ada", "family": "Lovelace"}, {"name": "The Consortium"}],
        "issued": {"date-parts": [[2021, 3]]},
        "container-title": ["Journal of Tests"],
    }
    text = json.dumps({"status": "ok", "message": {"items": [item], "total-results": 1}})
    (record,) = _records(text)
    assert record.title == "Deep & wide"
    assert record.abstract == "First part. Second part."
    assert record.authors == ["Ada Lovelace", "The Consortium"]
    assert (record.year, record.date, record.venue) == (2021, "2021-03", "Journal of Tests")
    single = _records(json.dumps({"status": "ok", "message": item}))
    assert [r.doi for r in single] == ["10.1000/xyz.1"]


def test_semantic_scholar_data_wrappers_and_external_ids() -> None:
    paper = {
        "paperId": "abc",
        "externalIds": {"ArXiv": "2401.00001", "PubMed": "123", "DOI": "10.1000/A"},
        "title": "Cited",
        "abstract": None,
        "authors": [{"name": "A. Author"}],
        "year": 2024,
    }
    text = json.dumps({"offset": 0, "data": [{"citingPaper": paper}, {"citedPaper": paper}]})
    records = _records(text)
    assert [(r.arxiv_id, r.pmid, r.doi, r.abstract) for r in records] == [
        ("2401.00001", "123", "10.1000/a", "")
    ] * 2


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('{"message": "Too Many Requests"}', "error message"),
        ('{"nbformat": 4, "cells": []}', "Jupyter notebook"),
        ("[1, 2, 3]", "list of numbers"),
        ('{"name": "x", "version": "1.0"}', "'name', 'version'"),
        ('{"data": ["a", "b"]}', "strings"),
    ],
)
def test_json_that_is_not_papers_is_refused_naming_it(text: str, what: str) -> None:
    assert detect(Source.from_text(text)).name == "json"
    with pytest.raises(ImportRefused, match="not a list of papers") as caught:
        _parse(text)
    assert what in caught.value.reason


def test_truncated_json_list_keeps_complete_records_and_skips_the_cut_one() -> None:
    items = [{"title": f"Paper {n}", "abstract": ABSTRACT} for n in range(3)]
    text = json.dumps(items, indent=1)
    cut = text[: text.index("Paper 2") + 3]
    items = _parse(cut)
    assert [i.title for i in items if isinstance(i, Record)] == ["Paper 0", "Paper 1"]
    (skip,) = [i for i in items if isinstance(i, Skip)]
    assert "cut off" in skip.reason and skip.line > 1


def test_truncated_single_object_and_junk_are_refused_not_crashes() -> None:
    with pytest.raises(ImportRefused, match="not valid JSON"):
        _parse('{"title": "A paper", "abstract": "We')
    with pytest.raises(ImportRefused, match="not valid JSON") as caught:
        _parse('[{"title": "A"},\n {"title": "B"} junk ]')
    assert caught.value.line == 2


def test_json_lines_stream_with_line_numbers_and_skip_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "2501.00001v2", "title": "One", "summary": ABSTRACT, "authors": "A, B"}),
        "",
        "{not json",
        json.dumps({"id": "2501.00002", "title": "Two", "abstract": ABSTRACT}),
        json.dumps({"id": "x"}),
    ]
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    source = Source.from_path(path)
    assert detect(source).name == "json"
    items = list(IMPORTER.parse(source))
    records = [i.cleaned() for i in items if isinstance(i, Record)]
    assert [(r.title, r.line, r.arxiv_id) for r in records] == [
        ("One", 1, "2501.00001"),
        ("Two", 4, "2501.00002"),
    ]
    assert records[0].authors == ["A", "B"]
    assert [s.line for s in items if isinstance(s, Skip)] == [3, 5]


def test_big_json_list_is_read_in_small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from papershelf.core.importers import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 64)
    items = [{"title": f"Paper {n}", "abstract": ABSTRACT * 3} for n in range(50)]
    records = _records(json.dumps(items, indent=2))
    assert len(records) == 50 and records[49].title == "Paper 49"
    assert records[1].line == 2 + 4  # each item spans 4 lines with indent=2


def test_csl_json_is_left_to_the_csl_importer() -> None:
    csl = [{"id": "a", "type": "article-journal", "title": "T", "issued": {"date-parts": [[2020]]}}]
    assert detect(Source.from_text(json.dumps(csl))).name == "csl"

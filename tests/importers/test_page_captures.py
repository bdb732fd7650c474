"""Real captures of papers pages import exactly the papers they hold, whatever made them.

Every ``tests/fixtures/page-captures/<file>`` has ``<file>.papers.json``: the papers in page
order, each once, read by hand or by a script written for that one file. The importer must find
each of them with the right fields, nothing else, and never refuse the page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from papershelf.core.importers import Source, detect
from papershelf.core.importing import import_source
from papershelf.core.library import Library
from papershelf.core.records import Record, Skip
from papershelf.core.textutil import squash

CAPTURES = Path(__file__).parents[1] / "fixtures" / "page-captures"
LISTS = sorted(CAPTURES.glob("*.papers.json"))


@pytest.fixture
def library(library_dir: Path):
    with Library(library_dir) as library:
        yield library


def _capture(path: Path) -> tuple[Path, dict[str, Any]]:
    return path.with_name(path.name.removesuffix(".papers.json")), json.loads(path.read_text())


def _records(page: Path) -> tuple[list[Record], list[Skip], str]:
    source = Source.from_path(page)
    importer = detect(source)
    items = list(importer.parse(source))
    records = [i.cleaned() for i in items if isinstance(i, Record)]
    return records, [i for i in items if isinstance(i, Skip)], importer.name


@pytest.mark.parametrize("listed", LISTS, ids=lambda p: p.name.removesuffix(".papers.json"))
def test_capture_gives_exactly_its_papers(listed: Path) -> None:
    page, expected = _capture(listed)
    records, skips, name = _records(page)
    assert name == expected["format"]
    assert [r.title for r in records] == [p["title"] for p in expected["papers"]]
    assert skips == []
    for record, want in zip(records, expected["papers"], strict=True):
        if expected.get("listing"):
            _check_listing_entry(record, want)
        else:
            _check_page_paper(record, want)


def _check_page_paper(record: Record, want: dict[str, Any]) -> None:
    abstract = squash(record.abstract)
    assert abstract.startswith(want["abstract_start"]), record.title
    assert abstract.endswith(want["abstract_end"]), record.title
    assert record.authors_count == want["authors_count"], record.title
    assert ([record.github] if record.github else []) == want["links"], record.title
    for key in ("upvotes", "github_stars"):
        if key in want:
            assert getattr(record, key) == want[key], (record.title, key)
    if "authors_names" in want:
        assert len(record.authors) == want["authors_names"], record.title
    if want.get("paper_url"):
        ident = want["paper_url"].rsplit("/", 1)[-1]
        assert record.arxiv_id == ident, record.title
        assert want["paper_url"] in record.links
        assert record.year == 2000 + int(ident[:2]) or record.date, record.title


def _check_listing_entry(record: Record, want: dict[str, Any]) -> None:
    assert record.arxiv_id == want["arxiv_id"]
    if "abstract_start" in want:
        assert squash(record.abstract).startswith(want["abstract_start"]), record.title
        assert squash(record.abstract).endswith(want["abstract_end"]), record.title
    assert [record.authors[0], record.authors[-1]] == want["authors"]
    assert len(record.authors) == want["authors_total"]
    if "keywords" in want:
        assert record.keywords == want["keywords"]


@pytest.mark.parametrize("listed", LISTS, ids=lambda p: p.name.removesuffix(".papers.json"))
def test_capture_imports_whole_and_again_adds_nothing(listed: Path, library: Library) -> None:
    page, expected = _capture(listed)
    source = Source.from_path(page)
    first = import_source(library, source, detect(source))
    assert (first.new, first.duplicates, first.refusing) == (len(expected["papers"]), 0, [])
    assert first.furniture > 0  # menus, avatars, banners: counted, not imported
    again = import_source(library, source, detect(source))
    assert (again.new, again.updated) == (0, 0)
    assert again.duplicates == len(expected["papers"])

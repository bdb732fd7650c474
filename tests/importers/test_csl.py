"""Edge cases of the CSL-JSON / CSL-YAML importer."""

from __future__ import annotations

import json

import pytest

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import Source, detect
from papershelf.core.importers.csl import IMPORTER
from papershelf.core.records import Record, Skip

YAML = """---
references:
- id: good2020
  type: article-journal
  title: A *good* paper
  author:
  - family: Doe
    given: Jane
  - literal: The Team
  issued:
  - year: 2020
    month: 2
  DOI: 10.1000/GOOD
- id: broken
  title: "unclosed
  type: book
- id: untitled
  type: book
...
"""


def _items(text: str) -> list[Record | Skip]:
    source = Source.from_text(text, "refs")
    assert detect(source).name == "csl"
    return list(IMPORTER.parse(source))


def test_csl_yaml_items_are_read_one_by_one() -> None:
    items = _items(YAML)
    (record,) = [i.cleaned() for i in items if isinstance(i, Record)]
    assert record.title == "A good paper"
    assert record.authors == ["Jane Doe", "The Team"]
    assert (record.year, record.date, record.doi) == (2020, "2020-02", "10.1000/good")
    assert record.line == 3
    assert [s.line for s in items if isinstance(s, Skip)] == [14, 17]


def test_csl_json_dates_names_and_rich_text() -> None:
    items = [
        {
            "id": "x",
            "type": "article-journal",
            "title": "H<sub>2</sub>O in <i>space</i>",
            "author": [{"family": "Curie", "given": "Marie"}],
            "issued": {"date-parts": [["2014", "07", "01"]]},
            "container-title": "Nature",
            "abstract": "<p>We &amp; they.</p>",
            "URL": "https://example.org/x",
        },
        {"id": "y", "type": "book", "title": "Undated", "issued": {"date-parts": [[None]]}},
        {"id": "z", "type": "book", "title": "Raw", "issued": {"raw": "1999-12"}},
    ]
    records = [i.cleaned() for i in _items(json.dumps(items)) if isinstance(i, Record)]
    first = records[0]
    assert (first.title, first.abstract, first.venue) == ("H2O in space", "We & they.", "Nature")
    assert (first.year, first.date, first.authors) == (2014, "2014-07-01", ["Marie Curie"])
    assert (records[1].year, records[1].date) == (None, None)
    assert (records[2].year, records[2].date) == (1999, "1999-12")


def test_truncated_csl_json_skips_the_cut_item() -> None:
    text = json.dumps([{"id": "a", "type": "book", "title": "Whole", "issued": {}}] * 2, indent=1)
    items = _items(text[: text.rindex("Whole")])
    assert len([i for i in items if isinstance(i, Record)]) == 1
    assert isinstance(items[-1], Skip)


def test_csl_json_with_junk_is_refused() -> None:
    source = Source.from_text('[{"id": "a", "type": "book", "title": "T"} oops]', "refs.json")
    with pytest.raises(ImportRefused, match="not valid JSON"):
        list(IMPORTER.parse(source))


def test_citation_cff_is_not_csl_yaml() -> None:
    cff = "cff-version: 1.2.0\ntitle: Tool\nreferences:\n- type: article\n  title: Paper\n"
    assert IMPORTER.detect(cff) == 0.0

"""The shared importer contract, run over every fixture file that has expectations beside it.

For ``tests/fixtures/<folder>/<file>`` an ``<file>.expected.json`` holds:
``format`` (the importer detection must pick), ``count`` (records parsed), optional ``skipped``
(how many Skip items), and ``records``: a list of ``{"index": i, <field>: value, ...}`` checked
field by field against the i-th record after ``Record.cleaned()``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papershelf.core.importers import Source, detect
from papershelf.core.records import Record, Skip

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXPECTED = sorted(FIXTURES.rglob("*.expected.json"))


def _case_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES)).removesuffix(".expected.json")


@pytest.mark.parametrize("expected_path", EXPECTED, ids=_case_id)
def test_importer_contract(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = Source.from_path(expected_path.with_name(expected_path.name[: -len(".expected.json")]))
    importer = detect(source)
    assert importer.name == expected["format"]
    items = list(importer.parse(source))
    records = [item.cleaned() for item in items if isinstance(item, Record)]
    skips = [item for item in items if isinstance(item, Skip)]
    assert len(records) == expected["count"]
    if "skipped" in expected:
        assert len(skips) == expected["skipped"]
    for want in expected.get("records", []):
        got = records[want["index"]]
        for key, value in want.items():
            if key != "index":
                assert getattr(got, key) == value, f"record {want['index']} field {key}"


def test_every_fixture_folder_has_expectations() -> None:
    """A fixture file without expectations is a test that was never written."""
    assert EXPECTED, "no importer fixtures found"

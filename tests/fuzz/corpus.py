"""The real inputs the fuzz targets start from: tests/fixtures/ files by the format they are in,
and real queries from the README's search table.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

TESTS = Path(__file__).parents[1]
FIXTURES = TESTS / "fixtures"
SEEDS = Path(__file__).parent / "seeds"
REGRESSIONS = FIXTURES / "fuzz"
LARGEST = 200 * 1024  # bigger fixtures (compressed corpora, schema libraries) are left out

# Fixtures whose format no expectation file names, by their suffix.
BY_SUFFIX = {".bib": "bibtex", ".ris": "ris", ".nbib": "medline", ".xml": "pubmed-xml"}
SEED_FORMATS = {"papershelf-export.json": "papershelf-json"}


def _format_of(path: Path) -> str | None:
    """The format a fixture's expectations name, or the one its suffix says."""
    for suffix in (".expected.json", ".papers.json"):
        expected = path.with_name(path.name + suffix)
        if expected.is_file():
            return json.loads(expected.read_text(encoding="utf-8")).get("format")
    if path.parent.name == "jabref-importer" and path.suffix == ".txt":
        return "medline"
    return BY_SUFFIX.get(path.suffix)


def _inputs() -> list[Path]:
    """Every fixture file that is an input (not an expectation, provenance or regression)."""
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        name = path.name
        if not path.is_file() or REGRESSIONS in path.parents or "schemas" in path.parts:
            continue
        if (
            name.endswith((".expected.json", ".papers.json"))
            or name.endswith(".md")
            and (name.isupper() or name == "PROVENANCE.md")
        ):
            continue
        if path.stat().st_size <= LARGEST and not name.endswith(".xz"):
            found.append(path)
    return found


@cache
def fixtures_by_format() -> dict[str, list[bytes]]:
    """The fixture files' bytes by format name; ``""`` holds every one."""
    by_format: dict[str, list[bytes]] = {"": []}
    for path in _inputs():
        data = path.read_bytes()
        by_format[""].append(data)
        fmt = _format_of(path)
        if fmt:
            by_format.setdefault(fmt, []).append(data)
    for name, fmt in SEED_FORMATS.items():
        data = (SEEDS / name).read_bytes()
        by_format.setdefault(fmt, []).append(data)
        by_format[""].append(data)
    return by_format


QUERIES = [
    "retrieval head",
    '"retrieval head"',
    "memoriz*",
    "retreival~",
    "title:mamba",
    "abstract:attention",
    "author:smith",
    "venue:acl",
    "note:kv",
    "tag:rag",
    'tag:"long context"',
    "is:unread",
    "is:reading",
    "has:note",
    "has:code",
    "year:2020..2023",
    "added:7d",
    "a OR b",
    "-word",
    "NOT word",
    "( retrieval OR memory ) -survey",
    "sort:title",
    'title:(mamba OR "state space")',
    "tag:(rag OR agents)",
    "read:2026-01",
    "id:3",
    "doi:10.1000/xyz",
    "added:2026-02-30",
    "year:>=2021",
    "retr",
]

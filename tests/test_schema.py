"""Libraries made by every earlier schema open in this one, with nothing lost."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from papershelf.core.library import DB_NAME, Library, connect
from papershelf.core.schema import migrations

PAPER = (
    "INSERT INTO papers (title, title_key, abstract, arxiv_id, year, date, note, added, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')"
)


def _first_release_library(folder: Path) -> None:
    """A library as the first release left it: schema m001, three papers, one with a note."""
    folder.mkdir(parents=True, exist_ok=True)
    db = Database(connect(folder / DB_NAME))
    migrations.apply(db, stop_before="m002_page_facts")
    rows = [
        ("Retrieval Heads Explain Factuality", "retrieval heads explain factuality", "A.",
         "2404.15574", None, None, "my note"),
        ("A Published Paper", "a published paper", "B.", "2401.00001", 2025, "2025-05-01", ""),
        ("An Old-Style Identifier", "an old style identifier", "C.", "hep-th/9901001", None,
         None, ""),
    ]  # fmt: skip
    db.conn.executemany(PAPER, rows)
    db.conn.commit()
    db.close()


def test_a_first_release_library_gains_page_facts_and_arxiv_dates(library_dir: Path) -> None:
    _first_release_library(library_dir)
    with Library(library_dir) as library:
        by_id = {p["arxiv_id"]: p for p in library.papers([1, 2, 3])}
        columns = {c.name for c in library.db["papers"].columns}
        batch_columns = {c.name for c in library.db["batches"].columns}
    assert {"authors_count", "github", "github_stars", "project_page", "upvotes", "listed"} <= (
        columns
    )
    assert "furniture" in batch_columns
    assert (by_id["2404.15574"]["year"], by_id["2404.15574"]["date"]) == (2024, "2024-04")
    assert by_id["2404.15574"]["note"] == "my note"
    assert (by_id["2401.00001"]["year"], by_id["2401.00001"]["date"]) == (2025, "2025-05-01")
    assert by_id["hep-th/9901001"]["year"] is None  # old-style ids give no month here


def test_the_migration_keeps_the_index_in_step(library_dir: Path) -> None:
    _first_release_library(library_dir)
    with Library(library_dir) as library:
        revs = [p["rev"] for p in library.papers([1, 2, 3])]
    assert revs == [1, 1, 1]  # years are filtered in SQLite; the index needs no catching up


def test_the_schema_steps_are_the_ones_a_library_opens_by() -> None:
    # A library that is up to date opens by the names alone (schema_steps), without
    # sqlite-utils; a step added to core.schema and not named there would never be applied.
    from papershelf.core import schema_steps

    every = [step.name for step in migrations.pending(Database(memory=True))]
    assert every == list(schema_steps.STEPS)

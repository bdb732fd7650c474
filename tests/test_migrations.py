"""Libraries made by every released schema open in this one, upgraded, with nothing lost.

Each ``fixtures/schemas/vN/library.sqlite`` was made by the code of the last commit whose
newest migration was that version's (``fixtures/schemas/README.md``): real imports, tags,
statuses, notes and whatever else that release could do. A copy of each is opened with the
current ``Shelf``; then every row of every table the old file had is compared with the old
file, column by column (new columns must hold their documented defaults, and the one value a
migration derives, m002's year and month from an arXiv id, is computed here on its own), and
the upgraded library is used: searched, imported into, changed and undone.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from papershelf.core import history, saved
from papershelf.core import operations as ops
from papershelf.core.errors import LibraryError
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.library import DB_NAME, JSON_COLUMNS, Library
from papershelf.core.schema import migrations
from papershelf.core.session import Shelf

pytestmark = pytest.mark.timeout(60)

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
VERSIONS = ["v1", "v2", "v3", "v4", "v5", "v6"]
NEW_IMPORT = Path(__file__).parent / "fixtures" / "ris" / "litstudy_example.ris"
MIGRATIONS_TABLE = "_sqlite_migrations"

# What each migration adds to the tables before it, with the value an old row gets (the
# columns' DEFAULT in schema.py, or NULL), and the tables it creates (empty in an upgrade).
ADDED_COLUMNS: dict[str, dict[tuple[str, str], object]] = {
    "m001_initial": {},
    "m002_page_facts": {
        ("papers", "authors_count"): None,
        ("papers", "github"): None,
        ("papers", "github_stars"): None,
        ("papers", "project_page"): None,
        ("papers", "upvotes"): None,
        ("papers", "listed"): None,
        ("batches", "furniture"): 0,
    },
    "m003_annotations_history_trash": {
        ("papers", "trashed"): None,
        ("papers", "edited"): "[]",
    },
    "m004_live_count_indexes": {},  # indexes only
    "m005_saved_searches": {},  # a table only
    "m006_list_order_indexes": {},  # indexes only
}
ADDED_TABLES: dict[str, set[str]] = {
    "m001_initial": {"meta", "batches", "papers", "tags", "paper_tags", "status_history"}
    | {"index_queue"},
    "m002_page_facts": set(),
    "m003_annotations_history_trash": {"highlights", "history"},
    "m004_live_count_indexes": set(),
    "m005_saved_searches": {"saved_searches"},
    "m006_list_order_indexes": set(),
}

# What each fixture holds (fixtures/schemas/README.md says the same), so that every
# comparison below is over real rows; "filled": papers m002 dates from their arXiv id.
HOLDS: dict[str, dict[str, int]] = {
    "v1": {"papers": 150, "batches": 6, "tags": 6, "paper_tags": 78, "notes": 3,
           "status_history": 7, "read": 2, "reading": 2, "arxiv": 25, "filled": 24},
    "v2": {"papers": 161, "batches": 6, "tags": 6, "paper_tags": 78, "notes": 3,
           "status_history": 7, "read": 2, "reading": 2, "arxiv": 25, "filled": 0,
           "github": 50},
    "v3": {"papers": 161, "batches": 6, "tags": 6, "paper_tags": 78, "notes": 3,
           "status_history": 7, "read": 2, "reading": 2, "arxiv": 25, "filled": 0,
           "github": 50, "highlights": 2, "history": 27, "undone": 1, "trashed": 1,
           "edited": 2},
    "v4": {"papers": 161, "batches": 6, "tags": 6, "paper_tags": 78, "notes": 3,
           "status_history": 7, "read": 2, "reading": 2, "arxiv": 25, "filled": 0,
           "github": 50, "highlights": 2, "history": 27, "undone": 1, "trashed": 1,
           "edited": 2},
    "v5": {"papers": 161, "batches": 6, "tags": 6, "paper_tags": 78, "notes": 3,
           "status_history": 7, "read": 2, "reading": 2, "arxiv": 25, "filled": 0,
           "github": 50, "highlights": 2, "history": 31, "undone": 1, "trashed": 1,
           "edited": 2, "saved_searches": 2},
    "v6": {"papers": 161, "batches": 6, "tags": 6, "paper_tags": 78, "notes": 3,
           "status_history": 7, "read": 2, "reading": 2, "arxiv": 25, "filled": 0,
           "github": 50, "highlights": 2, "history": 31, "undone": 1, "trashed": 1,
           "edited": 2, "saved_searches": 2},
}  # fmt: skip

NEW_STYLE_ARXIV = re.compile(r"([0-9]{2})([0-9]{2})\.[0-9]{4}")


def current_migrations() -> list[str]:
    """The migrations this code knows, in order: what an upgraded library must have had."""
    db = Database(memory=True)
    migrations.apply(db)
    return [m.name for m in migrations.applied(db)]


CURRENT = current_migrations()
WITH_HISTORY = [v for v in VERSIONS if int(v[1:]) >= 3]  # the undo history came with m003


# -- reading a library file as it is -----------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    rows: dict[tuple, dict[str, Any]]  # by primary key


def snapshot(db_path: Path) -> dict[str, Table]:
    """Every row of every table, keyed by primary key, read with plain sqlite3."""
    conn = sqlite3.connect(db_path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = {}
        for name in names:
            info = conn.execute(f"PRAGMA table_info({name})").fetchall()
            columns = [c[1] for c in info]
            pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
            assert pk, f"table {name} has no primary key to match its rows by"
            cursor = conn.execute(f"SELECT * FROM {name}")
            rows = [dict(zip(columns, row, strict=True)) for row in cursor]
            tables[name] = Table(columns, {tuple(r[c] for c in pk): r for r in rows})
        return tables
    finally:
        conn.close()


def applied(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [
            r[0]
            for r in conn.execute(
                f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
                [migrations.name],
            )
        ]
    finally:
        conn.close()


def pragma(db_path: Path, statement: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        return conn.execute(statement).fetchall()
    finally:
        conn.close()


def holds(tables: dict[str, Table]) -> dict[str, int]:
    """The counts HOLDS names, from a snapshot."""
    papers = list(tables["papers"].rows.values())
    counts = {name: len(tables[name].rows) for name in ("batches", "tags", "paper_tags")}
    counts.update(
        papers=len(papers),
        notes=sum(1 for p in papers if p["note"]),
        status_history=len(tables["status_history"].rows),
        read=sum(1 for p in papers if p["status"] == "read"),
        reading=sum(1 for p in papers if p["status"] == "reading"),
        arxiv=sum(1 for p in papers if p["arxiv_id"]),
        filled=sum(1 for p in papers if m002_dates(p) is not None),
    )
    if "github" in tables["papers"].columns:
        counts["github"] = sum(1 for p in papers if p["github"])
    if "history" in tables:
        history = list(tables["history"].rows.values())
        counts.update(
            highlights=len(tables["highlights"].rows),
            history=len(history),
            undone=sum(1 for h in history if h["undone"] == 1),
            trashed=sum(1 for p in papers if p["trashed"]),
            edited=sum(1 for p in papers if p["edited"] != "[]"),
        )
    if "saved_searches" in tables:
        counts["saved_searches"] = len(tables["saved_searches"].rows)
    return counts


def m002_dates(paper: dict[str, Any]) -> tuple[int, str] | None:
    """The year and month m002 gives a paper with only a new-style arXiv id, else None."""
    found = NEW_STYLE_ARXIV.match(paper["arxiv_id"] or "")
    if paper["year"] is not None or paper["date"] is not None or not found:
        return None
    yy, mm = found.groups()
    if not 1 <= int(mm) <= 12:
        return None
    return 2000 + int(yy), f"20{yy}-{mm}"


# -- the fixtures, copied ----------------------------------------------------------------------


@dataclass
class Old:
    """A copy of one fixture, opened by nothing yet, and what it held."""

    version: str
    folder: Path
    tables: dict[str, Table]
    applied: list[str]

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    @property
    def pending(self) -> list[str]:
        return [m for m in CURRENT if m not in self.applied]

    def paper_id(self, title_start: str) -> int:
        found = [
            key[0]
            for key, row in self.tables["papers"].rows.items()
            if row["title"].startswith(title_start)
        ]
        assert len(found) == 1, f"{self.version}: {len(found)} papers titled {title_start!r}…"
        return found[0]


def copy_fixture(version: str, target: Path) -> Old:
    target.mkdir(parents=True)
    shutil.copyfile(SCHEMAS / version / DB_NAME, target / DB_NAME)
    return Old(version, target, snapshot(target / DB_NAME), applied(target / DB_NAME))


def upgrade(folder: Path) -> None:
    """Open the library as the CLI and the window do, index it, close it."""
    with Shelf(folder) as shelf:
        shelf.index.ensure()


@pytest.fixture(params=VERSIONS)
def old(request: pytest.FixtureRequest, tmp_path: Path) -> Old:
    """A copy of one fixture, not yet opened."""
    return copy_fixture(request.param, tmp_path / "library")


@dataclass
class Upgraded:
    old: Old  # what the file held; ``old.folder`` is the upgraded library
    tables: dict[str, Table]  # what it holds after the upgrade


@pytest.fixture(scope="module", params=VERSIONS)
def upgraded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Upgraded:
    """A copy of one fixture opened once with the current code, for the tests that only read
    (one upgrade and one index build per version keeps the module quick)."""
    old = copy_fixture(request.param, tmp_path_factory.mktemp(request.param) / "library")
    upgrade(old.folder)
    return Upgraded(old, snapshot(old.db_path))


@pytest.fixture
def writable(upgraded: Upgraded, tmp_path: Path) -> Old:
    """A copy of an upgraded library, index and all, for a test that changes it."""
    folder = tmp_path / "library"
    shutil.copytree(upgraded.old.folder, folder)
    return Old(upgraded.old.version, folder, upgraded.old.tables, upgraded.old.applied)


# -- the fixtures themselves -------------------------------------------------------------------


def test_there_is_one_small_self_contained_fixture_per_schema_version(tmp_path: Path) -> None:
    assert set(CURRENT) <= ADDED_COLUMNS.keys(), (
        "a new migration: list its columns and tables in ADDED_COLUMNS and ADDED_TABLES, and "
        "make its fixture (fixtures/schemas/README.md)"
    )
    newest = []
    for version in VERSIONS:
        folder = SCHEMAS / version
        assert sorted(p.name for p in folder.iterdir()) == [DB_NAME], f"{version}: a -wal?"
        assert (folder / DB_NAME).stat().st_size < 1_000_000
        names = copy_fixture(version, tmp_path / version).applied  # never opened in place
        assert names == CURRENT[: len(names)], f"{version} applied {names}"
        newest.append(names[-1])
    assert newest == CURRENT  # each schema version has its library, the current one too
    assert sorted(p.name for p in SCHEMAS.iterdir() if p.is_dir()) == VERSIONS


def test_each_fixture_holds_what_its_readme_says(old: Old) -> None:
    assert holds(old.tables) == HOLDS[old.version]
    assert pragma(old.db_path, "PRAGMA integrity_check") == [("ok",)]
    assert set(old.tables) - {MIGRATIONS_TABLE} == set().union(
        *(ADDED_TABLES[m] for m in old.applied)
    )


# -- upgraded, with nothing lost ---------------------------------------------------------------


def test_an_old_library_upgrades_to_the_current_schema(upgraded: Upgraded) -> None:
    old = upgraded.old
    assert applied(old.db_path) == CURRENT
    db = Database(old.db_path)
    try:
        assert migrations.pending(db) == []
    finally:
        db.close()
    assert pragma(old.db_path, "PRAGMA integrity_check") == [("ok",)]
    assert pragma(old.db_path, "PRAGMA foreign_key_check") == []


def test_every_row_of_every_old_table_is_kept(upgraded: Upgraded) -> None:
    old, new = upgraded.old, upgraded.tables
    pending = old.pending
    added = {key: value for m in pending for key, value in ADDED_COLUMNS[m].items()}
    created = set().union(*(ADDED_TABLES[m] for m in pending))
    assert set(new) == set(old.tables) | created
    for name in created:
        assert new[name].rows == {}, f"{name} was created with rows in it"
    problems: list[str] = []
    for name, before in old.tables.items():
        after = new[name]
        defaults = {column: value for (table, column), value in added.items() if table == name}
        assert after.columns[: len(before.columns)] == before.columns, name
        assert set(after.columns) - set(before.columns) == set(defaults), name
        expected = {key: {**row, **defaults} for key, row in before.rows.items()}
        if name == "papers" and "m002_page_facts" in pending:
            for row in expected.values():
                dates = m002_dates(row)
                if dates:
                    row["year"], row["date"] = dates
        extra = set(after.rows) - set(expected)
        if name == MIGRATIONS_TABLE:  # the migrations applied now, after the old ones
            added_names = [after.rows[key]["name"] for key in sorted(extra)]
            assert added_names == pending
            assert all(after.rows[key]["migration_set"] == migrations.name for key in extra)
            extra = set()
        problems += [f"{name}: row {key} appeared" for key in sorted(extra)]
        for key, row in expected.items():
            if key not in after.rows:
                problems.append(f"{name}: row {key} is gone")
            elif after.rows[key] != row:
                now = after.rows[key]
                changed = {c: (row[c], now[c]) for c in row if row[c] != now[c]}
                problems.append(f"{name}: row {key} changed (was, is): {changed}")
    assert not problems, "\n".join(problems[:20])


def test_m002_dates_papers_from_their_arxiv_ids(upgraded: Upgraded) -> None:
    old, papers = upgraded.old, upgraded.tables["papers"].rows
    for key, row in old.tables["papers"].rows.items():
        found = NEW_STYLE_ARXIV.match(row["arxiv_id"] or "")
        if found:  # every new-style id dates its paper, by the id or by the paper's own date
            year, date = papers[key]["year"], papers[key]["date"]
            assert year is not None and date is not None, row["arxiv_id"]
            if m002_dates(row):
                assert (year, date) == m002_dates(row)
    by_arxiv = {row["arxiv_id"]: row for row in papers.values() if row["arxiv_id"]}
    assert (by_arxiv["2512.02834"]["year"], by_arxiv["2512.02834"]["date"]) == (2025, "2025-12")
    assert (by_arxiv["2511.21631"]["year"], by_arxiv["2511.21631"]["date"]) == (2025, "2025-11")
    # a paper with a date of its own keeps it
    assert (by_arxiv["2004.09471"]["year"], by_arxiv["2004.09471"]["date"]) == (2020, "2020-04-20")


def test_the_library_reads_back_what_the_old_one_held(upgraded: Upgraded) -> None:
    old = upgraded.old
    tables = old.tables
    names = {key[0]: row["name"] for key, row in tables["tags"].rows.items()}
    tags: dict[int, list[str]] = {}
    for paper_id, tag_id in sorted(tables["paper_tags"].rows):
        tags.setdefault(paper_id, []).append(names[tag_id])
    trashed = {
        key[0] for key, row in tables["papers"].rows.items() if row.get("trashed") is not None
    }
    ids = sorted(key[0] for key in tables["papers"].rows)
    with Shelf(old.folder) as shelf:
        library = shelf.library
        assert library.library_id == tables["meta"].rows[("library_id",)]["value"]
        assert library.count_all() == len(ids)
        assert library.count() == len(ids) - len(trashed)
        papers = {p["id"]: p for p in library.papers(ids)}
        histories = {pid: library.status_history(pid) for pid in ids}
        status_counts = library.status_counts()
        tag_counts = dict(library.tag_counts())
        batches = library.batches()
    assert sorted(papers) == ids
    for (pid,), row in tables["papers"].rows.items():
        paper = papers[pid]
        for column, value in row.items():
            if column in JSON_COLUMNS:
                assert paper[column] == json.loads(value), (pid, column)
            elif column not in ("year", "date") or not m002_dates(row):
                assert paper[column] == value, (pid, column)
        assert paper["tags"] == sorted(tags.get(pid, []), key=str.lower), pid
    for pid in ids:
        old_history = sorted(
            (r["at"], r["id"], r["status"])
            for r in tables["status_history"].rows.values()
            if r["paper_id"] == pid
        )
        assert histories[pid] == [(status, at) for at, _, status in old_history], pid
    live = [r for (pid,), r in tables["papers"].rows.items() if pid not in trashed]
    assert status_counts == {s: sum(1 for r in live if r["status"] == s) for s in status_counts}
    assert tag_counts == {
        names[t]: sum(1 for p, t2 in tables["paper_tags"].rows if t2 == t and p not in trashed)
        for (t,) in tables["tags"].rows
    }
    assert [b["id"] for b in batches] == sorted(
        (k[0] for k in tables["batches"].rows), reverse=True
    )
    for batch in batches:
        before = tables["batches"].rows[(batch["id"],)]
        assert {c: batch[c] for c in before} == before
    assert sum(b["new"] for b in batches) == len(ids)  # every paper came from one of them


# -- the upgraded library works ----------------------------------------------------------------


def test_search_finds_old_papers_by_a_word_of_their_title_and_of_their_note(
    upgraded: Upgraded,
) -> None:
    old = upgraded.old
    first = old.paper_id("AnyTaskTune:")
    noted = old.paper_id("Title of reference")
    with Shelf(old.folder) as shelf:
        shelf.index.ensure()
        assert first in shelf.searcher.search("anytasktune").ids
        assert shelf.searcher.search("title:anytasktune").ids == [first]
        assert noted in shelf.searcher.search("note:appendix").ids
        if "trashed" in old.tables["papers"].columns:
            gone = [k[0] for k, r in old.tables["papers"].rows.items() if r["trashed"]]
            assert gone == [old.paper_id("Long-Context LLMs Meet RAG")]
            assert gone[0] not in shelf.searcher.search("overcoming challenges").ids
            assert gone[0] in shelf.searcher.search("overcoming challenges", trash=True).ids


def test_a_new_import_adds_papers_that_search_finds(writable: Old) -> None:
    old = writable
    with Shelf(old.folder) as shelf:
        library = shelf.library
        assert shelf.index.ensure() == "ok"  # the copy's index is the upgrade's
        count = library.count()
        source = open_source(NEW_IMPORT)
        report = import_source(library, source, choose_importer(source))
        assert (report.new, report.updated, report.duplicates) == (25, 0, 0)
        assert library.count() == count + 25
        assert report.batch_id == max(k[0] for k in old.tables["batches"].rows) + 1
        assert shelf.index.ensure() == "caught up"
        title = library.paper(report.ids[0])["title"]
        word = max(re.findall(r"[A-Za-z]{5,}", title), key=len)
        assert report.ids[0] in shelf.searcher.search(word).ids, (word, title)
    assert pragma(old.db_path, "PRAGMA foreign_key_check") == []


def state(db_path: Path) -> dict[str, dict[tuple, dict[str, Any]]]:
    """Every table but the undo history and index queue, without the columns that move on
    with every change, undo included (as in test_history)."""
    return {
        name: {
            key: {c: v for c, v in row.items() if c not in ("rev", "updated")}
            for key, row in table.rows.items()
        }
        for name, table in snapshot(db_path).items()
        if name not in ("history", "index_queue")
    }


def test_an_operation_and_its_undo_work_on_the_upgraded_library(writable: Old) -> None:
    old = writable
    paper = old.paper_id("A Unified Generative Retriever")
    assert old.tables["papers"].rows[(paper,)]["status"] == "unread"
    before = state(old.db_path)
    with Library(old.folder) as library:
        changes = ops.set_status(library, [paper], "reading")
        assert changes.papers == {paper}
        assert library.paper(paper)["status"] == "reading"
        assert library.status_history(paper)[-1][0] == "reading"
        ops.add_tag(library, [paper], "after-upgrade")
        assert "after-upgrade" in library.paper(paper)["tags"]
        ops.undo(library)
        assert "after-upgrade" not in library.paper(paper)["tags"]
        ops.undo(library)
        assert library.paper(paper)["status"] == "unread"
        assert library.status_history(paper) == []
    assert state(old.db_path) == before


def test_a_saved_search_and_its_undo_work_on_the_upgraded_library(writable: Old) -> None:
    old = writable
    before = state(old.db_path)
    with Shelf(old.folder) as shelf:
        library = shelf.library
        had = [s.name for s in saved.saved_searches(library)]
        saved.add(library, "after upgrade", "tag:retrieval OR anytasktune")
        found = saved.saved_searches(library)[-1]
        assert (found.name, found.query) == ("after upgrade", "tag:retrieval OR anytasktune")
        assert shelf.searcher.search(found.query).total > 0
        ops.undo(library)
        assert [s.name for s in saved.saved_searches(library)] == had
    assert state(old.db_path) == before


@pytest.mark.parametrize("version", WITH_HISTORY)
def test_the_undo_history_made_before_the_upgrade_still_works(version: str, tmp_path: Path) -> None:
    old = copy_fixture(version, tmp_path / "library")
    paper = old.paper_id("CorpusBrain:")
    renamed = old.paper_id("Retrieval Head Mechanistically")
    with Shelf(old.folder) as shelf:
        library = shelf.library
        assert history.next_redo(library).label == "Tag 'temporary' on 1 paper"
        assert "temporary" not in library.paper(paper)["tags"]
        ops.redo(library)
        assert "temporary" in library.paper(paper)["tags"]
        ops.undo(library)
        assert "temporary" not in library.paper(paper)["tags"]
        if "saved_searches" in HOLDS[version]:  # four saved-search steps after the rename
            assert history.next_undo(library).label == "Remove saved search 'temp'"
            ops.undo(library)
            names = [s.name for s in saved.saved_searches(library)]
            assert sorted(names) == ["heads", "rag to read", "temp"]
            for _ in range(3):
                ops.undo(library)
            assert saved.saved_searches(library) == []
        assert history.next_undo(library).label == "Rename tag 'rag' to 'retrieval'"
        ops.undo(library)
        assert "rag" in library.paper(renamed)["tags"]
        assert "retrieval" not in library.paper(renamed)["tags"]
        shelf.index.ensure()
        assert renamed in shelf.searcher.search("tag:rag retrieval head").ids


# -- opening again, and a newer library --------------------------------------------------------


def test_opening_an_upgraded_library_again_changes_nothing(writable: Old) -> None:
    old = writable
    once = snapshot(old.db_path)
    cookie = pragma(old.db_path, "PRAGMA schema_version")
    upgrade(old.folder)
    with Library(old.folder):
        pass
    assert pragma(old.db_path, "PRAGMA schema_version") == cookie  # no table was altered
    assert snapshot(old.db_path) == once
    assert applied(old.db_path) == CURRENT


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def newer_library(folder: Path) -> None:
    """The current fixture as a later Papershelf would leave it: one migration more."""
    copy_fixture(VERSIONS[-1], folder)
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        conn.execute("ALTER TABLE papers ADD COLUMN reading_minutes INTEGER")
        conn.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [migrations.name, "m999_from_a_newer_papershelf", "2030-01-01 00:00:00+00:00"],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def open_or_refusal(folder: Path) -> str | None:
    """Open the library as the CLI does (index and all): None if it opened, else the
    refusal's message."""
    try:
        shelf = Shelf(folder)
    except LibraryError as exc:
        return str(exc)
    with shelf:
        shelf.index.ensure()
        shelf.searcher.search("retrieval")
    return None


def test_a_library_from_a_newer_papershelf_is_refused_in_one_sentence(tmp_path: Path) -> None:
    newer_library(tmp_path / "library")
    refusal = open_or_refusal(tmp_path / "library")
    assert refusal is not None, (
        "a library with a migration this code does not know (m999_from_a_newer_papershelf) "
        "was opened instead of refused"
    )
    assert "\n" not in refusal and refusal.endswith(".")
    assert len(re.findall(r"[.!?](?:\s|$)", refusal)) == 1, refusal
    assert re.search(r"\bnewer\b", refusal, re.IGNORECASE), refusal


def test_a_library_from_a_newer_papershelf_is_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    newer_library(folder)
    before = snapshot(folder / DB_NAME)
    digest = sha256(folder / DB_NAME)
    open_or_refusal(folder)
    assert sha256(folder / DB_NAME) == digest
    assert snapshot(folder / DB_NAME) == before
    assert applied(folder / DB_NAME)[-1] == "m999_from_a_newer_papershelf"

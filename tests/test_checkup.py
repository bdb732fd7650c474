"""`papershelf check` finds every kind of damage it knows; `check --repair` fixes each one it
can, and says what it cannot fix and what to do instead."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from cli_helpers import Cli
from papershelf.core import location

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def loaded(library_dir: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path) -> Cli:
    """A library holding the sample, with a tag, a backup and an index."""
    cli = Cli(library_dir, capsys)
    cli.ok("import", str(sample_copy))
    cli.ok("tag", "add", "keep", "1", "2", "3")
    cli.ok("backup")
    assert cli.ok("check").startswith("ok: 65 papers")
    return cli


def _sql(cli: Cli, *statements: str) -> None:
    conn = sqlite3.connect(cli.folder / "library.sqlite")
    conn.execute("PRAGMA foreign_keys = OFF")
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _problems(cli: Cli) -> list[str]:
    code, out, err = cli("check")
    assert code == 1, out
    return [line for line in err.splitlines() if line.startswith("papershelf: ")]


def _repair(cli: Cli) -> str:
    code, out, err = cli("check", "--repair")
    assert code == 0, err
    assert out.startswith("ok: ")
    return err


def test_orphaned_rows_are_found_and_removed(loaded: Cli) -> None:
    _sql(
        loaded,
        "INSERT INTO paper_tags (paper_id, tag_id) VALUES (9999, 1)",
        "INSERT INTO status_history (paper_id, status, at) VALUES (9998, 'read', '2026-01-01')",
    )
    problems = _problems(loaded)
    assert "papershelf: 1 row in paper_tags point to papers that are gone." in problems
    assert "papershelf: 1 row in status_history point to papers that are gone." in problems
    assert "removed 2 orphaned rows" in _repair(loaded)
    assert loaded.ok("check").startswith("ok: 65 papers")
    assert "keep" in loaded.ok("tags")  # the real tags are untouched


def test_a_paper_whose_import_is_gone_keeps_the_paper(loaded: Cli) -> None:
    _sql(loaded, "UPDATE papers SET batch_id = 4242 WHERE id = 5")
    assert "papershelf: 1 row in papers point to batches that are gone." in _problems(loaded)
    _repair(loaded)
    assert loaded.ok("check").startswith("ok: 65 papers")
    assert loaded.json("show", "5")["id"] == 5


@pytest.mark.parametrize("damage", ["unreadable", "stale"])
def test_a_damaged_index_is_found_and_rebuilt(loaded: Cli, damage: str) -> None:
    index = loaded.folder / "index"
    if damage == "unreadable":
        for toc in index.glob("*.toc"):
            toc.write_bytes(b"not a table of contents")
        expected = "papershelf: The index could not be read."
    else:  # a paper changed behind the index's back
        _sql(loaded, "UPDATE papers SET rev = rev + 1 WHERE id = 7")
        expected = "papershelf: 1 papers indexed from an older version: 7."
    assert expected in _problems(loaded)
    assert "rebuilt the index (65 papers)" in _repair(loaded)
    assert "65 papers" in loaded.ok("check")
    assert loaded.ok("search", "retrieval")


def test_an_index_behind_the_library_is_no_damage_and_catches_up(loaded: Cli) -> None:
    # as a kill leaves it: papers changed and queued, or no index built yet
    _sql(loaded, "UPDATE papers SET rev = rev + 1 WHERE id IN (7, 8)")
    _sql(loaded, "INSERT INTO index_queue (paper_id) VALUES (7), (8), (9999)")
    code, out, err = loaded("check")
    assert code == 0 and out.startswith("ok: 65 papers"), err
    assert "3 papers wait to be taken into the index; the next search takes them in." in err
    shutil.rmtree(loaded.folder / "index")
    code, out, err = loaded("check")
    assert code == 0, err
    assert "The full-text index has not been built yet; the next search builds it." in err
    assert loaded.ok("search", "retrieval")
    code, out, err = loaded("check")
    assert (code, err) == (0, "")


def test_an_unreadable_backup_is_moved_aside_not_deleted(loaded: Cli) -> None:
    broken = loaded.folder / "backups" / "library-20250101T000000000000Z-manual.sqlite"
    broken.write_bytes(b"half a backup")
    problems = _problems(loaded)
    assert f"papershelf: 1 backup cannot be read: {broken.name}." in problems
    _repair(loaded)
    assert not broken.exists()
    assert (loaded.folder / "backups" / "damaged" / broken.name).read_bytes() == b"half a backup"
    assert broken.name not in loaded.ok("backups")


def test_damaged_sqlite_indexes_are_rebuilt(loaded: Cli) -> None:
    # Two of the papers table's indexes swap their pages, as a torn write could leave them:
    # each index then holds the other's entries, while the table itself is whole.
    db = loaded.folder / "library.sqlite"
    conn = sqlite3.connect(db)
    pages = dict(
        conn.execute(
            "SELECT name, rootpage FROM sqlite_master "
            "WHERE name IN ('papers_year', 'papers_status')"
        )
    )
    conn.execute("PRAGMA writable_schema = ON")
    for name, other in (("papers_year", "papers_status"), ("papers_status", "papers_year")):
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", [pages[other], name])
    conn.commit()
    conn.close()
    problems = _problems(loaded)
    assert any("own indexes are damaged (row 1 missing from index" in p for p in problems)
    assert "rebuilt the library file's indexes" in _repair(loaded)
    assert loaded.ok("check").startswith("ok: 65 papers")
    assert len(loaded.json("search", "is:unread")) > 0


def test_a_library_damaged_beyond_repair_names_the_backup_and_the_command(
    loaded: Cli,
) -> None:
    db = loaded.folder / "library.sqlite"
    with db.open("r+b") as handle:
        handle.seek(0)
        handle.write(b"x" * 100)
    code, _out, err = loaded("check", "--repair")
    assert code == 1
    (newest,) = [p for p in (loaded.folder / "backups").glob("*.sqlite") if "manual" in p.name]
    command = f"papershelf --library {loaded.folder} restore {newest} --yes"
    assert f"`{command}`" in err
    assert len(err.strip().splitlines()) == 1


def test_check_reads_only(loaded: Cli) -> None:
    db = loaded.folder / "library.sqlite"
    loaded.ok("check")
    before = db.read_bytes()
    loaded.ok("check")
    assert db.read_bytes() == before


def test_network_and_synced_folders_are_recognised(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/export /mnt/lab nfs4 rw 0 0\n"
        "//nas/share /media/my\\040share cifs rw 0 0\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    assert location.warning(home, mounts) is None
    nfs = location.warning(Path("/mnt/lab/papers"), mounts)
    assert nfs is not None and "network file system (nfs4)" in nfs
    assert "cifs" in (location.warning(Path("/media/my share/lib"), mounts) or "")
    assert "Dropbox" in (location.warning(home / "Dropbox" / "papers", mounts) or "")
    assert "OneDrive" in (location.warning(home / "OneDrive - Lab" / "lib", mounts) or "")
    synced = home / "sync" / "papers"
    synced.mkdir(parents=True)
    (home / "sync" / ".stfolder").mkdir()
    warning = location.warning(synced, mounts)
    assert warning is not None and "Syncthing" in warning
    assert warning.count(".") == 0 or warning.endswith(".")


def test_what_an_interrupted_backup_left_is_found_and_removed(loaded: Cli) -> None:
    leftover = loaded.folder / "backups" / "library-20260101T000000000000Z-manual.partial"
    leftover.write_bytes(b"\0" * 2_000_000)
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    fresh = loaded.folder / "backups" / "library-20260102T000000000000Z-manual.partial"
    fresh.write_bytes(b"\0")  # another process may be writing this one now
    assert "papershelf: 1 file of an interrupted backup take 2.0 MB in backups/." in (
        _problems(loaded)
    )
    assert "removed 1 file of an interrupted backup" in _repair(loaded)
    assert not leftover.exists() and fresh.exists()

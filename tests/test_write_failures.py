"""Writes the disk refuses: a full disk, a read-only library, an index that cannot be updated
after an import was saved. Each is one sentence and an exit code a script can rely on; the
library is as it was (or, once saved, stays saved), and the next action works."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from cli_helpers import Cli
from papershelf.core import backup
from papershelf.core import library as library_module
from papershelf.core.index import SearchIndex
from papershelf.core.library import Library
from papershelf.core.session import Shelf

LITSTUDY = Path(__file__).parent / "fixtures" / "ris" / "litstudy_example.ris"
MB = 1024 * 1024


@pytest.fixture
def cli(library_dir: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path) -> Cli:
    """A library of the 65 sample papers, indexed, paper 1 tagged ``keep``."""
    cli = Cli(library_dir, capsys)
    cli.ok("import", str(sample_copy))
    cli.ok("tag", "add", "keep", "1")
    return cli


def assert_one_sentence(err: str, *words: str) -> None:
    """One line on stderr, one sentence (no traceback, no "internal error"), naming it."""
    assert err.count("\n") == 1, err
    assert err.startswith("papershelf: ") and err.rstrip().endswith("."), err
    assert "internal error" not in err and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)


def rows(folder: Path) -> list[str]:
    """Everything the library holds, as SQL, read as another process would (with its log)."""
    uri = f"{(folder / 'library.sqlite').as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return list(conn.iterdump())


def files(folder: Path) -> dict[str, str]:
    """Every file of the library folder with its content hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def titles(cli: Cli, *query: str) -> set[str]:
    return {p["title"] for p in cli.json("search", *query)}


# -- a full disk -----------------------------------------------------------------------------


class Disk:
    """The space left for the library, as SQLite sees it: each connection Papershelf opens
    may grow the library by ``pages`` pages at most (None: as many as it likes). A large
    import overflows any page cache into the write-ahead log; ``small_cache`` makes a
    modest one do so too."""

    def __init__(self) -> None:
        self.pages: int | None = None
        self.small_cache = False
        self.log_at_failure: list[int] = []  # the log's size when a write was rolled back


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    disk = Disk()
    real_connect = library_module.connect
    real_shrink = Library._shrink_log

    def connect(path: Path, *, read_only: bool = False):  # type: ignore[no-untyped-def]
        conn = real_connect(path, read_only=read_only)
        if disk.pages is not None:
            used = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {used + disk.pages}")
        if disk.small_cache:
            conn.execute("PRAGMA cache_size = -2048")  # 2 MB
        return conn

    def shrink_log(self: Library) -> None:
        log = self.db_path.with_name("library.sqlite-wal")
        disk.log_at_failure.append(log.stat().st_size if log.exists() else 0)
        real_shrink(self)

    monkeypatch.setattr(library_module, "connect", connect)
    monkeypatch.setattr(Library, "_shrink_log", shrink_log)
    return disk


def big_dump(path: Path, papers: int) -> Path:
    """A JSON Lines dump of ``papers`` papers with abstracts of about 2 kB."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(papers):
            record = {
                "id": f"2402.{n:05d}",
                "title": f"Paper {n} on filling disks with okapi abstracts",
                "summary": f"Abstract {n}: how okapis fill a disk, one page at a time. " * 36,
                "authors": ["Ada Lovelace", "Alan Turing"],
            }
            out.write(json.dumps(record) + "\n")
    return path


def test_an_import_on_a_full_disk_fails_in_one_sentence_and_changes_nothing(
    cli: Cli, disk: Disk
) -> None:
    before = rows(cli.folder)
    disk.pages = 3  # the 25 papers need more
    code, out, err = cli("import", str(LITSTUDY))
    assert code == 1 and out == ""
    assert_one_sentence(err, str(cli.folder), "disk is full", "nothing was changed", "free")
    assert rows(cli.folder) == before
    assert disk.log_at_failure  # the write was refused by SQLite and rolled back

    code, out, err = cli("search", "retrieval")  # reading needs no space
    assert code == 0 and "Retrieval Head" in out, err
    code, out, err = cli("import", str(LITSTUDY), "--tag", "again")
    assert code == 1 and out == ""  # still full: trying again fails the same way
    assert_one_sentence(err, str(cli.folder), "disk is full")
    assert rows(cli.folder) == before

    disk.pages = None  # some space was freed
    report = cli.json("import", str(LITSTUDY))
    assert report["new"] == 25
    assert len(titles(cli, "exascale")) == 25
    assert len(cli.json("search")) == 90
    code, out, _ = cli("check")
    assert code == 0, out


def test_a_large_import_on_a_full_disk_gives_the_log_back(
    cli: Cli, disk: Disk, tmp_path: Path
) -> None:
    dump = big_dump(tmp_path / "big.jsonl", 9000)  # about 20 MB of abstracts
    before = rows(cli.folder)
    with Shelf(cli.folder) as window:  # the window keeps the library (and its log) open
        disk.pages, disk.small_cache = 5000, True  # about 20 MB
        code, out, err = cli("import", str(dump))
        assert code == 1 and out == ""
        assert_one_sentence(err, str(cli.folder), "disk is full")
        assert disk.log_at_failure and disk.log_at_failure[0] > 16 * MB  # it did grow
        log = cli.folder / "library.sqlite-wal"
        assert not log.exists() or log.stat().st_size < 16 * MB  # and was given back
        assert window.library.count() == 65  # what the window sees did not change
        assert rows(cli.folder) == before

        disk.pages, disk.small_cache = None, False
        assert cli.json("import", str(LITSTUDY))["new"] == 25
        assert window.library.count() == 90
    assert len(titles(cli, "exascale")) == 25


# -- a read-only library ---------------------------------------------------------------------


def _chattr(flag: str, folder: Path) -> bool:
    if not shutil.which("chattr"):
        return False
    done = subprocess.run(["chattr", "-R", flag, str(folder)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture(params=["read-only-detected", "immutable"])
def read_only(
    request: pytest.FixtureRequest, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Cli]:
    """The library made read-only: its folder and file chmod'ed and seen as read-only (root
    writes through modes, so the check is patched), or truly unwritable (``chattr +i``, which
    binds root too)."""
    folder = cli.folder
    if request.param == "read-only-detected":
        (folder / "library.sqlite").chmod(0o444)
        folder.chmod(0o555)
        monkeypatch.setattr(library_module, "_read_only", lambda *_: True)
        yield cli
        folder.chmod(0o755)
        (folder / "library.sqlite").chmod(0o644)
        return
    if not _chattr("+i", folder):
        pytest.skip("this machine cannot make files immutable (chattr +i)")
    try:
        yield cli
    finally:
        _chattr("-i", folder)


def test_a_read_only_library_is_searched_shown_and_exported(read_only: Cli) -> None:
    cli = read_only
    before = files(cli.folder)
    code, out, err = cli("search", "retrieval")
    assert code == 0 and "Retrieval Head Mechanistically" in out, err
    assert [p["id"] for p in cli.json("search", "tag:keep")] == [1]
    assert len(cli.json("search")) == 65
    assert cli.json("show", "1")["tags"] == ["keep"]
    code, out, err = cli("export", "--format", "bibtex")
    assert code == 0, err
    assert out.count("\n@") + out.startswith("@") == 65
    assert cli.json("tags") == [{"tag": "keep", "papers": 1}]
    code, out, err = cli("history")
    assert code == 0, err
    assert files(cli.folder) == before  # not a byte written: no log, no lock, no backup


@pytest.mark.parametrize(
    "command",
    [
        ("tag", "add", "later", "1"),
        ("mark", "read", "2"),
        ("import", str(LITSTUDY)),
        ("note", "3", "--set", "a note"),
        ("trash", "4"),
        ("undo",),
    ],
    ids=lambda c: c[0],
)
def test_a_change_to_a_read_only_library_is_refused_in_one_sentence(
    read_only: Cli, command: tuple[str, ...]
) -> None:
    cli = read_only
    before = files(cli.folder)
    code, out, err = cli(*command)
    assert code == 1 and out == ""
    assert_one_sentence(err, str(cli.folder), "read-only")
    assert files(cli.folder) == before


def test_backup_and_restore_of_a_read_only_library_are_refused_in_one_sentence(
    read_only: Cli,
) -> None:
    cli = read_only
    before = files(cli.folder)
    code, out, err = cli("backup")
    assert code == 1 and out == ""
    assert_one_sentence(err, str(cli.folder), "read-only")
    daily = next((cli.folder / "backups").iterdir())
    code, out, err = cli("restore", str(daily), "--yes")
    assert code == 1 and out == ""
    assert_one_sentence(err, str(cli.folder), "read-only")
    code, out, err = cli("backups")
    assert code == 0 and str(daily) in out
    assert files(cli.folder) == before


def test_the_read_only_connection_itself_refuses_writes(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the check in ``transaction``: the connection of a read-only library cannot
    write at all (immutable), so no path around the check writes either."""
    before = files(cli.folder)
    monkeypatch.setattr(library_module, "_read_only", lambda *_: True)
    with Shelf(cli.folder) as shelf:
        assert shelf.library.read_only
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            shelf.library.conn.execute("UPDATE papers SET status = 'read'")
        assert shelf.library.count() == 65
        assert backup.daily(shelf.library) is None  # it cannot change: no daily backup
    assert files(cli.folder) == before


def test_a_read_only_copy_without_its_index_can_be_searched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cli: Cli
) -> None:
    copy = tmp_path / "mounted"
    copy.mkdir()
    shutil.copy(cli.folder / "library.sqlite", copy / "library.sqlite")
    assert _chattr("+i", copy)
    try:
        code, out, err = Cli(copy, capsys)("search", "retrieval")
    finally:
        _chattr("-i", copy)
    assert code == 0 and "Retrieval Head" in out, err


def test_reindex_of_a_read_only_library_is_refused_in_one_sentence(read_only: Cli) -> None:
    before = files(read_only.folder)
    code, _, err = read_only("reindex")
    assert code == 1
    assert_one_sentence(err, str(read_only.folder), "read-only")
    assert files(read_only.folder) == before


# -- an index that cannot be updated after the import was saved ------------------------------

FAILURES = {
    "disk full (ensure)": ("ensure", OSError(28, "No space left on device"), 0),
    "disk full (catch-up)": ("catch_up", OSError(28, "No space left on device"), 0),
    "database full": ("catch_up", sqlite3.OperationalError("database or disk is full"), 0),
    "Ctrl-C": ("ensure", KeyboardInterrupt(), 130),
}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_an_import_saved_is_reported_even_if_indexing_fails_after_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, failure: str, as_json: bool
) -> None:
    method, error, expected_code = FAILURES[failure]

    def fail(self: SearchIndex, *args: object, **kwargs: object) -> None:
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, method, fail)
        code, out, err = cli("import", str(LITSTUDY), *(["--json"] if as_json else []))

    assert code == expected_code, err
    if as_json:
        assert json.loads(out)["new"] == 25
    else:
        assert out.startswith("25 new, 0 updated, 0 duplicates, 0 skipped")
    assert_one_sentence(err, "25 papers", "saved", "searchable", "next search")
    if failure == "Ctrl-C":
        assert "interrupted" in err
    else:
        assert "index could not be updated" in err
    if failure.startswith("disk full"):
        assert "no space left on device" in err

    with Shelf(cli.folder) as shelf:  # saved, and waiting for the index
        assert shelf.library.count() == 90
        assert shelf.index.queued() == 25
    assert len(titles(cli, "exascale")) == 25  # the next search caught the index up
    with Shelf(cli.folder) as shelf:
        assert shelf.index.queued() == 0 and shelf.index.differences() == []
    assert cli.json("batches")[0]["new"] == 25  # one import, not a failed one and another


def test_a_failure_inside_the_import_itself_is_still_reported_as_nothing_imported(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's failures are caught only after the commit; one before it is the import's."""
    before = rows(cli.folder)

    def fail(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("papershelf.core.importing.queue_for_index", fail)
    code, out, err = cli("import", str(LITSTUDY))
    assert code == 130 and out == ""
    assert "interrupted; nothing was changed" in err
    assert rows(cli.folder) == before

"""Backups a user can count on: taken when asked and once a day, kept by a rotation, listed,
and restored (asking first) even when the library file itself can no longer be read."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cli_helpers import Cli
from papershelf.core import backup
from papershelf.core.lock import WindowLock

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
LITSTUDY = Path(__file__).parent / "fixtures" / "ris" / "litstudy_example.ris"
NAME = re.compile(r"^library-(\d{8}T\d{12})Z-([a-z-]+)\.sqlite$")


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def cli(library_dir: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path) -> Cli:
    """A library of the 65 sample papers, paper 1 tagged ``keep``."""
    cli = Cli(library_dir, capsys)
    cli.ok("import", str(sample_copy))
    cli.ok("tag", "add", "keep", "1")
    return cli


def rows(path: Path) -> list[str]:
    """Everything a library file holds, as SQL (read without writing anything beside it)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)) as conn:
        return list(conn.iterdump())


def papers(path: Path) -> list[tuple[int, str]]:
    """The (id, title) of every paper a library or backup file holds."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)) as conn:
        return conn.execute("SELECT id, title FROM papers ORDER BY id").fetchall()


def listed(folder: Path) -> list[str]:
    """The backup files' names, as the backups folder holds them."""
    where = folder / "backups"
    return sorted(p.name for p in where.iterdir()) if where.is_dir() else []


def assert_one_sentence(err: str, *words: str) -> None:
    """What a refusal prints: one line on stderr, one sentence, naming what it is about."""
    assert err.count("\n") == 1, err
    assert err.startswith("papershelf: ") and err.rstrip().endswith("."), err
    assert "internal error" not in err
    for word in words:
        assert word in err, (word, err)


class Clock:
    """The time ``papershelf.core.backup`` sees (UTC), moved by the test."""

    def __init__(self, now: datetime):
        self.now = now

    def advance(self, **span: float) -> None:
        self.now += timedelta(**span)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return clock.now if tz is None else clock.now.astimezone(tz)

    monkeypatch.setattr(backup, "datetime", FakeDatetime)
    yield clock


def dailies(folder: Path) -> list[datetime]:
    return [b.taken for b in backup.backups(folder) if b.reason == backup.DAILY]


# -- taking and listing ----------------------------------------------------------------------


def test_backup_makes_a_readable_snapshot_holding_the_same_papers(cli: Cli) -> None:
    before = datetime.now(UTC)
    out = cli.ok("backup")
    after = datetime.now(UTC)
    made = [name for name in listed(cli.folder) if name.endswith("-manual.sqlite")]
    assert len(made) == 1
    path = cli.folder / "backups" / made[0]
    assert out == f"backed up to {path} ({path.stat().st_size / 1e6:.1f} MB)\n"
    stamp = datetime.strptime(NAME.match(made[0]).group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= stamp <= after  # named by when it was taken, in UTC
    assert papers(path) == papers(cli.folder / "library.sqlite")
    assert len(papers(path)) == 65
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one whole file
        tagged = conn.execute(
            "SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE t.name = 'keep'"
        ).fetchall()
    assert tagged == [(1,)]
    assert not list((cli.folder / "backups").glob("*.partial"))

    as_json = cli.json("backup")
    assert Path(as_json["path"]).is_file() and as_json["reason"] == "manual"
    assert as_json["papers"] == 65 and as_json["bytes"] == Path(as_json["path"]).stat().st_size


def test_backups_lists_them_newest_first_with_when_why_papers_and_size(
    clock: Clock, cli: Cli, tmp_path: Path
) -> None:
    clock.advance(hours=1)
    cli.ok("backup")  # a daily one was taken by the import, at clock time
    clock.advance(hours=1)
    cli.ok("import", str(LITSTUDY))
    cli.ok("backup")
    (cli.folder / "backups" / "library-20250303T120000000000Z-manual.partial").write_bytes(b"x")
    (cli.folder / "backups" / "notes.txt").write_text("not a backup")

    found = cli.json("backups")
    assert [(b["reason"], b["papers"]) for b in found] == [
        ("manual", 90),
        ("manual", 65),
        ("daily", 65),
    ]
    taken = [datetime.fromisoformat(b["taken"]) for b in found]
    assert taken == sorted(taken, reverse=True)
    assert taken[0] == clock.now and taken[1] == clock.now - timedelta(hours=1)
    for b in found:
        assert Path(b["path"]).parent == cli.folder / "backups"
        assert b["bytes"] == Path(b["path"]).stat().st_size > 0

    lines = cli.ok("backups").splitlines()
    assert len(lines) == 3
    for line, b, when in zip(lines, found, taken, strict=True):
        assert line.startswith(when.astimezone().strftime("%Y-%m-%d %H:%M"))
        assert b["reason"] in line and f"{b['papers']} papers" in line
        assert f"{b['bytes'] / 1e6:.1f} MB" in line and line.endswith(b["path"])

    empty = Cli(tmp_path / "fresh", cli.capsys)
    code, out, err = empty("backups")
    assert code == 0 and out == "" and "no backups yet" in err


def test_an_unreadable_backup_is_listed_as_unreadable(cli: Cli) -> None:
    cli.ok("backup")
    junk = cli.folder / "backups" / "library-20200101T000000000000Z-manual.sqlite"
    junk.write_bytes(b"not a database" * 100)
    found = {Path(b["path"]).name: b["papers"] for b in cli.json("backups")}
    assert found[junk.name] is None
    line = next(x for x in cli.ok("backups").splitlines() if x.endswith(junk.name))
    assert "unreadable" in line


# -- the daily backup ------------------------------------------------------------------------


def test_the_daily_backup_is_taken_at_most_once_a_day_and_only_after_a_change(
    library_dir: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path, clock: Clock
) -> None:
    cli = Cli(library_dir, capsys)
    cli.ok("import", str(sample_copy))  # day 1, 09:00: the first change
    assert dailies(library_dir) == [clock.now]
    first = clock.now

    clock.advance(hours=6)
    cli.ok("tag", "add", "keep", "1")  # a change, but the day's backup is taken
    cli.ok("mark", "read", "2")
    assert dailies(library_dir) == [first]

    clock.advance(hours=20)  # a day on, and the library changed since: taken by a search
    cli.ok("search", "retrieval")
    second = clock.now
    assert dailies(library_dir) == [second, first]
    newest = backup.backups(library_dir)[0].path
    with closing(sqlite3.connect(f"{newest.as_uri()}?immutable=1", uri=True)) as conn:
        assert conn.execute("SELECT status FROM papers WHERE id = 2").fetchone() == ("read",)

    clock.advance(days=1, hours=2)  # a day on, nothing changed: none
    cli.ok("search", "retrieval")
    cli.ok("show", "1")
    cli.ok("backups")
    assert dailies(library_dir) == [second, first]

    clock.advance(minutes=5)
    cli.ok("mark", "reading", "3")  # changed, more than a day after the last one
    third = clock.now
    assert dailies(library_dir) == [third, second, first]

    clock.advance(hours=1)
    cli.ok("tag", "add", "later", "4")
    clock.advance(days=2)
    code, _, _ = cli("show", "999999")  # a command that failed takes none
    assert code == 1
    assert dailies(library_dir) == [third, second, first]
    cli.ok("show", "4")
    assert dailies(library_dir) == [clock.now, third, second, first]


def test_a_dry_run_or_a_manual_backup_does_not_count_as_a_change(
    clock: Clock, cli: Cli, sample_copy: Path
) -> None:
    taken = dailies(cli.folder)
    clock.advance(days=2)
    cli.ok("search")  # the tag made after the first daily: one more
    assert len(dailies(cli.folder)) == len(taken) + 1
    clock.advance(days=2)
    cli.ok("import", str(sample_copy), "--dry-run")
    cli.ok("backup")
    cli.ok("export", "--format", "bibtex")
    cli.ok("search", "retrieval")
    clock.advance(days=2)
    cli.ok("search")
    assert len(dailies(cli.folder)) == len(taken) + 1


# -- the rotation ----------------------------------------------------------------------------

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def _fake_backup(folder: Path, taken: datetime, reason: str) -> Path:
    path = folder / f"library-{taken.strftime('%Y%m%dT%H%M%S%f')}Z-{reason}.sqlite"
    path.write_bytes(b"")
    return path


def test_the_rotation_keeps_7_days_4_weeks_6_months_and_5_of_each_other_reason(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    where = library / "backups"
    where.mkdir(parents=True)
    # a daily backup every six hours for 400 days, the newest a minute old
    ages = [timedelta(minutes=1) + timedelta(hours=6) * k for k in range(400 * 4)]
    for age in ages:
        _fake_backup(where, NOW - age, "daily")
    others = {
        reason: [
            _fake_backup(where, NOW - timedelta(days=3 * k, hours=1), reason) for k in range(9)
        ]
        for reason in ("manual", "before-upgrade", "before-restore")
    }
    (where / "damaged").mkdir()
    (where / "README.txt").write_text("kept")

    gone = backup.rotate(library, now=NOW)

    kept = backup.backups(library)
    kept_ages = sorted(NOW - b.taken for b in kept if b.reason == "daily")
    day, week, month, minute = timedelta(days=1), timedelta(weeks=1), timedelta(days=30), ages[0]
    # the newest of each of the last 7 days, 4 weeks and 6 months (each span's newest is the
    # first backup at or after its end)
    expected = (
        {day * n + minute for n in range(7)}
        | {week * n + minute for n in range(4)}
        | {month * n + minute for n in range(6)}
    )
    assert kept_ages == sorted(expected)
    assert len(kept_ages) == 7 + 3 + 5  # this day, week and month share their newest
    for reason, made in others.items():
        assert sorted(b.path for b in kept if b.reason == reason) == sorted(made[:5]), reason
    assert len(gone) == len(ages) - 15 + 3 * 4
    assert all(not path.exists() for path in gone)
    assert (where / "README.txt").read_text() == "kept" and (where / "damaged").is_dir()

    assert backup.rotate(library, now=NOW) == []  # what it keeps, it keeps
    later = backup.rotate(library, now=NOW + timedelta(days=40))
    assert later and all(p.name.endswith("-daily.sqlite") for p in later)


def test_a_snapshot_applies_the_rotation(cli: Cli) -> None:
    where = cli.folder / "backups"
    old = [_fake_backup(where, NOW - timedelta(days=k), "manual") for k in range(1, 8)]
    cli.ok("backup")
    manual = [b.path for b in backup.backups(cli.folder) if b.reason == "manual"]
    assert len(manual) == 5 and manual[1:] == old[:4]


# -- before an upgrade -----------------------------------------------------------------------


def _migrations(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY name")]


@pytest.mark.parametrize(("version", "count"), [("v1", 150), ("v2", 161), ("v3", 161), ("v4", 161)])
def test_an_upgrade_keeps_the_old_library_as_a_before_upgrade_backup(
    version: str, count: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SCHEMAS / version / "library.sqlite", folder / "library.sqlite")
    pristine = tmp_path / "pristine.sqlite"
    shutil.copy(SCHEMAS / version / "library.sqlite", pristine)
    cli = Cli(folder, capsys)

    assert len(cli.json("search")) > 0  # opened, so upgraded
    found = [b for b in cli.json("backups") if b["reason"] == "before-upgrade"]
    assert len(found) == 1 and found[0]["papers"] == count
    kept = Path(found[0]["path"])
    assert rows(kept) == rows(pristine)  # the library exactly as the old version left it
    assert _migrations(kept) == _migrations(pristine) != _migrations(folder / "library.sqlite")

    cli.ok("search")
    assert len([b for b in backup.backups(folder) if b.reason == "before-upgrade"]) == 1


def test_a_library_of_the_current_schema_takes_no_before_upgrade_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SCHEMAS / "v6" / "library.sqlite", folder / "library.sqlite")
    Cli(folder, capsys).ok("search")
    assert [b.reason for b in backup.backups(folder)] == ["daily"]  # the first daily, no other


# -- restoring -------------------------------------------------------------------------------


@pytest.fixture
def changed(cli: Cli) -> tuple[Cli, Path]:
    """The library backed up, then changed: 25 papers more, a status and a tag."""
    made = cli.json("backup")
    cli.ok("import", str(LITSTUDY))
    cli.ok("mark", "read", "2")
    cli.ok("tag", "add", "later", "3")
    return cli, Path(made["path"])


def _titles(cli: Cli, *query: str) -> set[str]:
    return {p["title"] for p in cli.json("search", *query)}


def test_restore_asks_first_and_no_changes_nothing(
    changed: tuple[Cli, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, made = changed
    before, names = rows(cli.folder / "library.sqlite"), listed(cli.folder)
    for answer in ("n\n", "\n", "whatever\n", ""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
        code, out, err = cli("restore", str(made))
        assert code == 1, err
        assert f"Replace the library with the backup {made.name} (65 papers)? [y/N]" in out
        assert out.rstrip().endswith("nothing restored")
    assert rows(cli.folder / "library.sqlite") == before
    assert listed(cli.folder) == names  # not even a before-restore backup
    assert len(cli.json("search")) == 90


@pytest.mark.parametrize("how", ["--yes", "answer y"])
def test_restore_brings_the_backup_back_and_keeps_the_library_as_it_was(
    changed: tuple[Cli, Path], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cli, made = changed
    before = rows(cli.folder / "library.sqlite")
    assert len(_titles(cli, "exascale")) == 25  # the papers imported after the backup
    if how == "--yes":
        code, out, err = cli("restore", str(made), "--yes")
    else:
        monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
        code, out, err = cli("restore", str(made))
    assert code == 0, err
    kept = [b for b in backup.backups(cli.folder) if b.reason == "before-restore"]
    assert len(kept) == 1
    assert f"restored 65 papers from {made}; the library as it was is in {kept[0].path}" in out
    assert rows(kept[0].path) == before  # the library as it was just before, whole

    assert papers(cli.folder / "library.sqlite") == papers(made)
    # searched straight away, with no reindex: the backup's papers, not the ones added since
    assert "Retrieval Head Mechanistically Explains Long-Context Factuality" in _titles(
        cli, "retrieval"
    )
    assert _titles(cli, "exascale") == set()
    assert [p["id"] for p in cli.json("search", "tag:keep")] == [1]
    assert cli.json("search", "tag:later") == [] and cli.json("search", "is:read") == []
    assert cli.json("show", "2")["status"] == "unread"
    code, out, _ = cli("check")
    assert code == 0, out

    report = cli.json("import", str(LITSTUDY))  # and the library goes on being used
    assert report["new"] == 25
    assert len(_titles(cli, "exascale")) == 25


def test_restore_from_the_before_restore_backup_undoes_a_restore(changed: tuple[Cli, Path]) -> None:
    cli, made = changed
    cli.ok("restore", str(made), "--yes")
    kept = next(b for b in backup.backups(cli.folder) if b.reason == "before-restore")
    cli.ok("restore", str(kept.path), "--yes")
    assert len(cli.json("search")) == 90
    assert len(_titles(cli, "exascale")) == 25


def test_restore_is_refused_while_a_window_holds_the_library(changed: tuple[Cli, Path]) -> None:
    cli, made = changed
    before, names = rows(cli.folder / "library.sqlite"), listed(cli.folder)
    window = WindowLock(cli.folder)
    window.take()
    try:
        code, out, err = cli("restore", str(made), "--yes")
    finally:
        window.release()
    assert code == 1 and out == ""
    assert_one_sentence(err, "window", str(cli.folder))
    assert rows(cli.folder / "library.sqlite") == before and listed(cli.folder) == names
    cli.ok("restore", str(made), "--yes")  # the window closed: it works


def _damage(folder: Path) -> bytes:
    db = folder / "library.sqlite"
    data = bytearray(db.read_bytes())
    data[:100] = b"\x00" * 100
    db.write_bytes(bytes(data))
    return bytes(data)


def _papershelf_env() -> dict[str, str]:
    """A shell in which ``papershelf`` is this checkout's command."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_a_damaged_library_names_its_newest_backup_and_the_command_that_restores_it(
    changed: tuple[Cli, Path], tmp_path: Path
) -> None:
    cli, _ = changed
    newest = cli.json("backup")  # the newest: the library as it is now
    damaged = _damage(cli.folder)

    code, out, err = cli("search", "retrieval")
    assert code == 1 and out == ""
    assert_one_sentence(err, str(cli.folder / "library.sqlite"), newest["path"])
    command = re.search(r"`([^`]*)`", err).group(1)
    assert command == f"papershelf --library {cli.folder} restore {newest['path']} --yes"

    assert shutil.which("papershelf", path=_papershelf_env()["PATH"])
    done = subprocess.run(  # the user pastes it into a shell, from anywhere
        command, shell=True, cwd=tmp_path, env=_papershelf_env(), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    aside = list(cli.folder.glob("library-damaged-*.sqlite"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, never deleted
    assert str(aside[0]) in done.stdout.decode()

    assert len(cli.json("search")) == 90
    assert len(_titles(cli, "exascale")) == 25
    assert cli.json("show", "2")["status"] == "read"
    assert [p["id"] for p in cli.json("search", "tag:later")] == [3]
    assert cli.ok("tag", "add", "after", "5")  # and it can be changed again


def test_the_restore_command_for_a_damaged_library_works_in_a_folder_with_a_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path
) -> None:
    cli = Cli(tmp_path / "My Papers" / "library", capsys)
    cli.ok("import", str(sample_copy))
    cli.ok("backup")
    _damage(cli.folder)
    _, _, err = cli("search")
    command = re.search(r"`([^`]*)`", err).group(1)
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=_papershelf_env(), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()


def test_a_damaged_library_without_backups_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path
) -> None:
    cli = Cli(tmp_path / "lib", capsys)
    cli.ok("import", str(sample_copy))
    shutil.rmtree(cli.folder / "backups")
    _damage(cli.folder)
    code, _, err = cli("search")
    assert code == 1
    assert_one_sentence(err, str(cli.folder / "library.sqlite"), "no backups", "--library")


def _unreadable(kind: str, made: Path, where: Path) -> Path:
    path = where / f"{kind}.sqlite"
    if kind == "garbage":
        path.write_bytes(os.urandom(8192))
    elif kind == "text":
        path.write_text("this is not a library\n" * 50)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(made.read_bytes()[: made.stat().st_size // 3])
    elif kind == "another-database":
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE shopping (item TEXT)")
            conn.commit()
    elif kind == "damaged-pages":
        data = bytearray(made.read_bytes())
        data[8192:20480] = os.urandom(12288)  # pages 3 to 5: the header still reads
        path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "kind", ["garbage", "text", "empty", "truncated", "another-database", "damaged-pages"]
)
def test_an_unreadable_backup_is_refused_in_one_sentence(
    changed: tuple[Cli, Path], tmp_path: Path, kind: str
) -> None:
    cli, made = changed
    path = _unreadable(kind, made, tmp_path)
    before, names = rows(cli.folder / "library.sqlite"), listed(cli.folder)
    code, out, err = cli("restore", str(path), "--yes")
    assert code == 1 and out == ""
    assert_one_sentence(err, str(path))
    assert rows(cli.folder / "library.sqlite") == before and listed(cli.folder) == names
    assert len(cli.json("search")) == 90


def test_a_missing_backup_is_refused_in_one_sentence(changed: tuple[Cli, Path]) -> None:
    cli, made = changed
    code, out, err = cli("restore", str(made.with_name("nope.sqlite")), "--yes")
    assert code == 1 and out == ""
    assert_one_sentence(err, "nope.sqlite", "no such file", "papershelf backups")


def test_backups_json_is_valid_json_with_only_the_documented_keys(cli: Cli) -> None:
    cli.ok("backup")
    code, out, _ = cli("backups", "--json")
    assert code == 0
    for item in json.loads(out):
        assert set(item) == {"path", "taken", "reason", "bytes", "papers"}


def test_a_backup_made_by_an_older_papershelf_is_restored_and_upgraded(
    changed: tuple[Cli, Path], tmp_path: Path
) -> None:
    cli, _ = changed
    old = tmp_path / "library-20240101T000000000000Z-before-upgrade.sqlite"
    shutil.copy(SCHEMAS / "v1" / "library.sqlite", old)
    code, out, err = cli("restore", str(old), "--yes")
    assert code == 0, err
    assert out.startswith(f"restored 150 papers from {old}")
    assert len(cli.json("search")) == 150
    assert cli.json("search", "exascale") == []  # the 90-paper library is gone, and kept
    kept = next(b for b in backup.backups(cli.folder) if b.reason == "before-restore")
    assert kept.papers() == 90
    assert _migrations(cli.folder / "library.sqlite") != _migrations(old)  # upgraded
    assert cli.json("import", str(LITSTUDY))["new"] == 25
    assert len(_titles(cli, "exascale")) == 25


def test_a_backup_is_restored_into_a_new_folder(changed: tuple[Cli, Path], tmp_path: Path) -> None:
    cli, made = changed
    elsewhere = Cli(tmp_path / "new machine" / "library", cli.capsys)
    code, out, err = elsewhere("restore", str(made), "--yes")
    assert code == 0, err
    assert out.startswith(f"restored 65 papers from {made}")
    assert "Retrieval Head Mechanistically Explains Long-Context Factuality" in _titles(
        elsewhere, "retrieval"
    )
    assert [p["id"] for p in elsewhere.json("search", "tag:keep")] == [1]


def test_a_folder_given_as_the_backup_is_refused_in_one_sentence(changed: tuple[Cli, Path]) -> None:
    cli, made = changed
    code, out, err = cli("restore", str(made.parent), "--yes")
    assert code == 1 and out == ""
    assert_one_sentence(err, str(made.parent), "folder", "papershelf backups")

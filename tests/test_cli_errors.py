"""Every user error the command line can hit, as the user sees it (issue 13).

A problem the user can fix is one line on standard error, ``papershelf: `` and one sentence
naming the thing and what to do, with exit status 1 and never a traceback; a usage error is
argparse's (usage, then ``papershelf CMD: error: ...``) with exit status 2 (``cli.py``'s
docstring). Either way the library, and the place an export or a move was aimed at, is as it
was: every file's bytes are compared before and after.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from papershelf.cli import main
from papershelf.core import library as library_module
from papershelf.core.lock import FileLock, IndexLock, WindowLock

SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"
DOI = "10.1234/papershelf.one"  # paper 1's, in the template library
ARXIV = "2401.00001"  # paper 1's too
LOCKS = (".lock", "index.lock")  # taking a lock writes nothing a user has
LONG = "y" * 256  # a file name longer than any file system takes (Path.stat raises for it)


# -- running the command line ----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What one ``papershelf`` command did."""

    code: int
    out: str
    err: str


class Cli:
    """``papershelf --library DIR ...``, in this process, with its output captured."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]):
        self.folder = folder
        self.capsys = capsys

    def __call__(self, *args: str, library: Path | None = None) -> Run:
        self.capsys.readouterr()
        try:
            code = main(["--library", str(library or self.folder), *args])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self.capsys.readouterr()
        return Run(code, out, err)

    def ok(self, *args: str) -> str:
        run = self(*args)
        assert run.code == 0, run
        return run.out


def quiet_main(*args: str) -> None:
    """Run a command outside any test's capture (building the template library)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    assert code == 0, args


def assert_user_error(run: Run, *words: str, out: str = "") -> str:
    """A user error as the command line reports one: exit 1, nothing (or ``out``) on standard
    output, and on standard error one line, ``papershelf: `` and a sentence holding each of
    ``words``. Returns the line."""
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.code == 1, run
    assert run.out == out, run
    assert run.err.endswith("\n") and run.err.count("\n") == 1, run.err
    line = run.err[:-1]
    assert line.startswith("papershelf: "), line
    assert line.endswith("."), line
    assert len(line) < 800, line  # a sentence, not a dump
    for word in words:
        assert word in line, (word, line)
    return line


def assert_usage_error(run: Run, *words: str) -> None:
    """argparse's form: the command's usage, then ``papershelf ...: error: ...``; exit 2."""
    assert "Traceback" not in run.err, run.err
    assert run.code == 2, run
    assert run.out == ""
    lines = run.err.splitlines()
    assert lines[0].startswith("usage: papershelf"), run.err
    assert lines[-1].startswith("papershelf") and ": error: " in lines[-1], run.err
    for word in words:
        assert word in lines[-1], (word, run.err)


def state(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, each file with its bytes' hash."""
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        )
        for p in sorted(folder.rglob("*"))
        if p.name not in LOCKS
    }


def rows(folder: Path) -> list[str]:
    """Everything the library holds, as SQL, read as another process reads it (its log too)."""
    uri = f"{(folder / 'library.sqlite').as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return list(conn.iterdump())


# -- unwritable places, whoever runs the tests -------------------------------------------------


def _chattr(flag: str, path: Path, *, recursive: bool = False) -> bool:
    if not shutil.which("chattr"):
        return False
    command = ["chattr", *(["-R"] if recursive else []), flag, str(path)]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def unwritable(folder: Path, *, recursive: bool = False) -> Iterator[bool]:
    """``folder`` made unwritable for this process: its modes (a user), or made immutable
    (root, whom modes do not bind). Yields whether that worked."""
    if os.geteuid() != 0:
        paths = [folder, *(folder.rglob("*") if recursive else [])]
        modes = {p: p.stat().st_mode for p in paths}
        for p in sorted(paths, reverse=True):
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield True
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    made = _chattr("+i", folder, recursive=recursive)
    try:
        yield made
    finally:
        if made:
            _chattr("-i", folder, recursive=recursive)


# -- libraries -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the 65 sample papers: paper 1 tagged ``keep`` and given a DOI and an arXiv
    id, paper 3 in the trash, two saved searches, one backup, the index up to date."""
    folder = tmp_path_factory.mktemp("template") / "library"
    lib = ["--library", str(folder)]
    quiet_main(*lib, "import", str(SAMPLE))
    quiet_main(*lib, "tag", "add", "keep", "1")
    quiet_main(*lib, "edit", "1", "--doi", DOI, "--arxiv", ARXIV)
    quiet_main(*lib, "trash", "3")
    quiet_main(*lib, "saved", "add", "Reading", "is:reading")
    quiet_main(*lib, "saved", "add", "other", "tag:keep")
    quiet_main(*lib, "backup")
    quiet_main(*lib, "search", "retrieval")  # the index catches up with everything
    return folder


@dataclass(frozen=True)
class Place:
    """A test's folder: the library, and the files the commands are pointed at."""

    root: Path
    library: Path

    @property
    def backup(self) -> Path:
        """The newest backup (the names sort by when they were taken)."""
        return max((self.library / "backups").glob("library-*.sqlite"))

    @property
    def notes(self) -> Path:
        return self.root / "notes.txt"  # a regular file


@pytest.fixture
def place(template: Path, tmp_path: Path) -> Place:
    """A copy of the template library, beside a regular file, a non-empty folder, an empty
    file, a damaged backup and a file that is no library."""
    shutil.copytree(template, tmp_path / "library")
    (tmp_path / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / "empty.bib").write_bytes(b"")
    (tmp_path / "garbage.sqlite").write_bytes(b"this is not SQLite at all " * 200)
    place = Place(tmp_path, tmp_path / "library")
    broken = bytearray(place.backup.read_bytes())
    for at in range(2 * 4096, len(broken) - 4096, 4096):  # every page but the first: garbled
        broken[at : at + 100] = b"\xff" * 100
    (tmp_path / "damaged.sqlite").write_bytes(bytes(broken))
    return place


@pytest.fixture
def cli(place: Place, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(place.library, capsys)


def fill(args: list[str], place: Place) -> list[str]:
    """A case's arguments with its places filled in."""
    names = {
        "{root}": place.root,
        "{lib}": place.library,
        "{backup}": place.backup,
        "{notes}": place.notes,
        "{sample}": SAMPLE,
    }
    for key, value in names.items():
        args = [a.replace(key, str(value)) for a in args]
    return args


# -- the cases: a command, and the words its one line must hold --------------------------------

CASES: dict[str, tuple[list[str], list[str]]] = {
    # edit
    "edit without a field": (["edit", "1"], ["Say what to change", "--title", "--year"]),
    "edit --year abc": (["edit", "1", "--year", "abc"], ["“abc” is not a year", "2024"]),
    "edit --year 99": (["edit", "1", "--year", "99"], ["“99” is not a year", "four digits"]),
    "edit an empty title": (["edit", "1", "--title", "   "], ["A paper needs a title"]),
    "edit a DOI another paper has": (
        ["edit", "2", "--doi", DOI],
        ["Paper 1 already has the DOI", DOI, "give another", "papershelf show 1"],
    ),
    "edit a DOI another paper has, written otherwise": (
        ["edit", "2", "--doi", "https://doi.org/10.1234/PAPERSHELF.One"],
        ["Paper 1 already has the DOI", DOI],
    ),
    "edit an arXiv id another paper has": (
        ["edit", "2", "--arxiv", f"arXiv:{ARXIV}v2"],
        ["Paper 1 already has the arXiv id", ARXIV, "give another"],
    ),
    "edit a DOI and a title at once, the DOI taken": (
        ["edit", "2", "--title", "A new title", "--doi", DOI],
        ["Paper 1 already has the DOI"],
    ),
    "edit a DOI that is none": (["edit", "1", "--doi", "nonsense"], ["“nonsense” is not a DOI"]),
    "edit an arXiv id that is none": (
        ["edit", "1", "--arxiv", "nonsense"],
        ["“nonsense” is not an arXiv id"],
    ),
    "edit an unknown paper": (
        ["edit", "999", "--title", "x"],
        ["no paper with id 999", "papershelf search"],
    ),
    # tags
    "tag add an empty name": (["tag", "add", "   ", "1"], ["A tag needs a name"]),
    "tag remove an empty name": (["tag", "remove", "", "1"], ["A tag needs a name"]),
    "tag add to an unknown paper": (["tag", "add", "new", "1", "999"], ["no paper with id 999"]),
    "tag remove an unknown tag": (
        ["tag", "remove", "nosuch", "1"],
        ["no tag 'nosuch'", "papershelf tags"],
    ),
    "tag rename an unknown tag": (
        ["tag", "rename", "nosuch", "other"],
        ["no tag 'nosuch'", "papershelf tags"],
    ),
    "tag rename to an empty name": (["tag", "rename", "keep", "  "], ["A tag needs a name"]),
    "read-next --tag unknown": (
        ["read-next", "--tag", "nosuch"],
        ["no tag 'nosuch'", "papershelf tags"],
    ),
    # saved searches
    "saved add an empty name": (["saved", "add", "  ", "is:read"], ["needs a name"]),
    "saved add an empty query": (["saved", "add", "mine", " "], ["needs a query"]),
    "saved add a name taken (any case)": (
        ["saved", "add", "READING", "is:read"],
        ["already a saved search called 'Reading'", "pick another name"],
    ),
    "saved rename an unknown search": (
        ["saved", "rename", "nosuch", "new"],
        ["no saved search 'nosuch'", "papershelf saved"],
    ),
    "saved rename to a name taken": (
        ["saved", "rename", "other", "reading"],
        ["already a saved search called 'Reading'", "pick another name"],
    ),
    "saved rename to an empty name": (["saved", "rename", "other", " "], ["needs a name"]),
    "saved remove an unknown search": (
        ["saved", "remove", "nosuch"],
        ["no saved search 'nosuch'", "papershelf saved"],
    ),
    # papers, imports and history that are not there
    "show an unknown paper": (["show", "999"], ["no paper with id 999", "papershelf search"]),
    "mark an unknown paper": (["mark", "read", "1", "998", "999"], ["no paper with id 998, 999"]),
    "note an unknown paper": (["note", "999", "--set", "x"], ["no paper with id 999"]),
    "highlight an unknown paper": (["highlight", "999", "words"], ["no paper with id 999"]),
    "highlight words the paper lacks": (
        ["highlight", "1", "okapi zebra"],
        ["“okapi zebra” is not in the title or abstract of paper 1", "exactly"],
    ),
    "trash an unknown paper": (["trash", "999"], ["no paper with id 999"]),
    "restore an unknown paper": (["restore", "999"], ["no paper with id 999"]),
    "related of an unknown paper": (["related", "999"], ["no paper with id 999"]),
    "undo-import an unknown import": (
        ["undo-import", "99"],
        ["no import 99", "papershelf batches"],
    ),
    "nothing to redo": (["redo"], ["nothing to redo"]),
    # restore from a backup
    "restore paper ids and a backup file": (
        ["restore", "3", "{backup}"],
        ["Give paper ids to restore from the trash, or one backup file"],
    ),
    "restore two backup files": (
        ["restore", "{backup}", "{backup}", "--yes"],
        ["or one backup file"],
    ),
    "restore a missing file": (
        ["restore", "{root}/nosuch.sqlite", "--yes"],
        ["{root}/nosuch.sqlite: no such file", "papershelf backups"],
    ),
    "restore a folder": (
        ["restore", "{root}/full", "--yes"],
        ["{root}/full is a folder", "papershelf backups"],
    ),
    "restore a file that is no library": (
        ["restore", "{root}/garbage.sqlite", "--yes"],
        ["{root}/garbage.sqlite is not a Papershelf library", "papershelf backups"],
    ),
    "restore a text file": (
        ["restore", "{notes}", "--yes"],
        ["{notes} is not a Papershelf library", "papershelf backups"],
    ),
    "restore a name too long": (
        ["restore", f"{{root}}/{LONG}.sqlite", "--yes"],
        ["no such file", "papershelf backups"],
    ),
    "restore a name with a newline": (
        ["restore", "{root}/two\nlines.sqlite", "--yes"],
        ["{root}/two\\nlines.sqlite: no such file"],  # written as an escape: still one line
    ),
    "restore a damaged backup": (
        ["restore", "{root}/damaged.sqlite", "--yes"],
        ["{root}/damaged.sqlite is damaged", "choose another backup"],
    ),
    # export
    "export an unknown format": (
        ["export", "--format", "endnote"],
        ["Unknown export format 'endnote'", "bibtex", "markdown"],
    ),
    "export markdown without -o": (
        ["export", "--format", "markdown"],
        ["folder of notes", "-o DIR"],
    ),
    "export markdown to a file": (
        ["export", "--format", "markdown", "-o", "{notes}"],
        ["{notes} is a file", "needs a folder (-o DIR)"],
    ),
    "export markdown under a file": (
        ["export", "--format", "markdown", "-o", "{notes}/vault"],
        ["{notes}/vault cannot be written", "choose another place with -o"],
    ),
    "export a file to a folder": (
        ["export", "--format", "bibtex", "-o", "{root}/full"],
        ["{root}/full is a folder", "name of the file", "-o"],
    ),
    "export into a missing folder": (
        ["export", "--format", "ris", "-o", "{root}/nofolder/out.ris"],
        ["{root}/nofolder does not exist", "create it or choose another with -o"],
    ),
    "export into a missing folder with a newline": (
        ["export", "--format", "ris", "-o", "{root}/no\nfolder/out.ris"],
        ["{root}/no\\nfolder does not exist"],
    ),
    "export under a file": (
        ["export", "--format", "csv", "-o", "{notes}/out.csv"],
        ["{notes} is a file, not a folder", "choose another place with -o"],
    ),
    "export to a name too long": (
        ["export", "--format", "json", "-o", f"{{root}}/{LONG}.json"],
        ["cannot be written (File name too long)", "choose another place with -o"],
    ),
    "export markdown to a name too long": (
        ["export", "--format", "markdown", "-o", f"{{root}}/{LONG}"],
        ["cannot be written (File name too long)", "choose another place with -o"],
    ),
    # move-library
    "move-library to its own folder": (
        ["move-library", "{lib}"],
        ["The library is already in {lib}"],
    ),
    "move-library into itself": (
        ["move-library", "{lib}/inner"],
        ["{lib}/inner is inside the library's own folder", "choose another"],
    ),
    "move-library to the folder holding it": (
        ["move-library", "{root}"],
        ["{root} holds the library's folder", "choose an empty folder"],
    ),
    "move-library to a folder with files": (
        ["move-library", "{root}/full"],
        ["{root}/full is not an empty folder", "choose an empty or new one"],
    ),
    "move-library onto a file": (
        ["move-library", "{notes}"],
        ["{notes} is not an empty folder"],
    ),
    "move-library under a file": (
        ["move-library", "{notes}/library"],
        ["could not be moved to {notes}/library", "it is still in {lib}, unchanged"],
    ),
    "move-library to a name too long": (
        ["move-library", f"{{root}}/{LONG}"],
        ["could not be moved", "(File name too long)", "it is still in {lib}, unchanged"],
    ),
    # import
    "import a name with a newline": (
        ["import", "{root}/two\nlines.bib"],
        ["two\\nlines.bib", "no such file"],
    ),
    "import with an empty tag": (["import", "{sample}", "--tag", "  "], ["A tag needs a name"]),
    "import in a format it is not": (
        ["import", "--format", "csv", "{sample}"],
        ["sample-trending-papers.txt, line 1: the first line is not a CSV header row"],
    ),
    "import a name too long": (["import", f"{{root}}/{LONG}.bib"], ["cannot be read"]),
    "import a missing file": (
        ["import", "{root}/nosuch.bib"],
        ["{root}/nosuch.bib: no such file", "check the name"],
    ),
    "import a folder": (["import", "{root}/full"], ["this is a folder", "give the file"]),
    "import an empty file": (["import", "{root}/empty.bib"], ["the file is empty"]),
    "import an unknown format": (
        ["import", "--format", "endnote", "{sample}"],
        ["unknown format 'endnote'", "bibtex"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_user_error_is_one_line_and_changes_nothing(case: str, cli: Cli, place: Place) -> None:
    args, words = CASES[case]
    before = state(place.root)
    run = cli(*fill(args, place))
    assert_user_error(run, *fill(words, place))
    assert state(place.root) == before  # the library, and the place aimed at
    assert cli.ok("show", "1")  # and it still works


def test_move_library_is_refused_again_and_again(cli: Cli, place: Place) -> None:
    """A refused move let go of the library: the next move is refused for its own reason
    (it held the window lock, and the next one said a window had the library open)."""
    for _ in range(2):
        assert_user_error(cli("move-library", str(place.library)), "already in")
    assert_user_error(cli("move-library", str(place.root / "full")), "not an empty folder")
    cli.ok("move-library", str(place.root / "moved"))
    assert sum(r.startswith('INSERT INTO "papers"') for r in rows(place.root / "moved")) == 65


# -- usage errors: argparse's form, exit 2 ---------------------------------------------------

USAGE: dict[str, tuple[list[str], list[str]]] = {
    "an id that is no number": (["edit", "abc", "--title", "x"], ["invalid int value: 'abc'"]),
    "a limit that is no number": (["history", "--limit", "x"], ["'x' is not a number"]),
    "a negative limit": (["search", "--limit", "-1"], ["'-1' is not a number"]),
    "an unknown status": (["mark", "done", "1"], ["invalid choice: 'done'"]),
    "a colour out of range": (["highlight", "1", "x", "--colour", "9"], ["invalid choice: 9"]),
    "export without --format": (["export"], ["required: --format"]),
    "note without text": (["note", "1"], ["--set", "--append"]),
    "an unknown command": (["frobnicate"], ["invalid choice: 'frobnicate'"]),
    "a mistyped option": (["search", "--limt", "3"], ["unrecognized arguments: --limt"]),
    "tag without an action": (["tag"], ["required: add|remove|rename"]),
}


@pytest.mark.parametrize("case", list(USAGE))
def test_a_usage_error_is_argparse_s_and_changes_nothing(case: str, cli: Cli, place: Place) -> None:
    args, words = USAGE[case]
    before = state(place.root)
    assert_usage_error(cli(*args), *words)
    assert state(place.root) == before


# -- history ---------------------------------------------------------------------------------


def test_nothing_to_undo(cli: Cli, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    assert_user_error(cli("undo", library=fresh), "There is nothing to undo")
    assert_user_error(cli("redo", library=fresh), "There is nothing to redo")


def test_an_undo_whose_paper_changed_since_is_refused(cli: Cli, place: Place) -> None:
    cli.ok("edit", "2", "--title", "Mine")
    with contextlib.closing(sqlite3.connect(place.library / "library.sqlite")) as conn, conn:
        # another program (an older Papershelf, a script) changed the paper outside the history
        conn.execute("UPDATE papers SET title = 'Theirs', rev = rev + 1 WHERE id = 2")
    before = rows(place.library)
    assert_user_error(cli("undo"), "Cannot undo", "paper 2 was changed", "nothing was changed")
    after = rows(place.library)  # the entry is set aside (the next undo goes on before it)
    assert [r for r in after if '"history"' not in r] == [r for r in before if '"history"' not in r]
    assert cli.ok("show", "2").startswith("#2  Theirs")


# -- a window holding the library ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["restore", "{backup}", "--yes"],
            ["The library {lib} is open in a Papershelf window", "close the window first"],
        ),
        (
            ["move-library", "{root}/moved"],
            ["The library {lib} is open in another Papershelf window", "switch to that one"],
        ),
    ],
    ids=["restore", "move-library"],
)
def test_a_window_on_the_library_refuses(
    args: list[str], words: list[str], cli: Cli, place: Place
) -> None:
    window = WindowLock(place.library)
    assert window.try_acquire()  # the lock a window takes, as the commands check it
    try:
        before = state(place.root)
        assert_user_error(cli(*fill(args, place)), *fill(words, place))
        assert state(place.root) == before
    finally:
        window.release()
    assert cli.ok(*fill(args, place))  # the window closed: it works


def test_move_library_while_the_index_is_written(
    cli: Cli, place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another Papershelf updating the index: the move waits 10 s for it (here 0.2 s)."""
    real = FileLock.acquire
    monkeypatch.setattr(IndexLock, "acquire", lambda self, timeout=None: real(self, 0.2))
    writer = IndexLock(place.library)
    assert writer.try_acquire()
    try:
        before = state(place.root)
        run = cli("move-library", str(place.root / "moved"))
        assert_user_error(run, "index is being updated", "try the move again")
        assert state(place.root) == before  # the new folder is gone again
    finally:
        writer.release()


def test_move_library_without_a_library(cli: Cli, tmp_path: Path) -> None:
    nothing = tmp_path / "nothing"
    run = cli("move-library", str(tmp_path / "moved"), library=nothing)
    assert_user_error(run, f"There is no library in {nothing} to move")
    assert not nothing.exists() and not (tmp_path / "moved").exists()


# -- where the library is --------------------------------------------------------------------


def test_a_library_path_that_is_a_file(cli: Cli, place: Place) -> None:
    run = cli("search", library=place.notes)
    assert_user_error(run, f"The library path {place.notes} is not a folder", "--library")
    assert place.notes.read_text(encoding="utf-8") == "my own notes\n"


def test_a_library_under_a_file(cli: Cli, place: Place) -> None:
    folder = place.notes / "library"
    run = cli("tags", library=folder)
    assert_user_error(run, f"The library folder {folder} cannot be created", "--library")


@pytest.mark.parametrize(
    "args",
    [
        ["tags"],
        ["tag", "add", "x", "1"],
        ["restore", "{backup}", "--yes"],
        ["move-library", "{root}/z"],
    ],
    ids=["tags", "tag", "restore", "move-library"],
)
def test_a_library_folder_name_too_long(args: list[str], cli: Cli, place: Place) -> None:
    folder = place.root / LONG
    before = state(place.root)
    run = cli(*fill(args, place), library=folder)
    assert_user_error(run, str(folder), "no library" if args[0] == "move-library" else "--library")
    assert state(place.root) == before


def test_a_library_folder_that_cannot_be_written(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder) as made:
        assert made, "neither modes nor chattr +i could make a folder unwritable here"
        assert_user_error(cli("tags", library=folder), f"{folder} is not writable", "--library")
    assert list(folder.iterdir()) == []


def test_restore_into_a_folder_that_cannot_be_made(cli: Cli, place: Place) -> None:
    folder = place.notes / "library"
    run = cli("restore", str(place.backup), "--yes", library=folder)
    assert_user_error(run, f"The library folder {folder} cannot be written", "nothing was restored")


def test_export_to_a_folder_that_cannot_be_written(cli: Cli, place: Place) -> None:
    target = place.root / "locked"
    target.mkdir()
    with unwritable(target) as made:
        assert made, "neither modes nor chattr +i could make a folder unwritable here"
        for args in (["--format", "bibtex", "-o", str(target / "out.bib")],
                     ["--format", "markdown", "-o", str(target)]):  # fmt: skip
            run = cli("export", *args)
            assert_user_error(run, f"{target}/", "cannot be written", "choose another place")
        assert list(target.iterdir()) == []


# -- libraries that cannot be changed or opened ------------------------------------------------


READ_ONLY: dict[str, tuple[list[str], list[str]]] = {
    "tag add": (["tag", "add", "new", "1"], ["searched and exported, not changed"]),
    "edit": (["edit", "1", "--title", "New"], ["searched and exported, not changed"]),
    "note": (["note", "1", "--append", "more"], ["searched and exported, not changed"]),
    "mark": (["mark", "read", "1"], ["searched and exported, not changed"]),
    "undo": (["undo"], ["searched and exported, not changed"]),
    "saved add": (["saved", "add", "new", "is:read"], ["searched and exported, not changed"]),
    "import": (["import", "{sample}"], ["searched and exported, not changed"]),
    "empty-trash": (["empty-trash", "--yes"], ["searched and exported, not changed"]),
    "backup": (["backup"], ["no backup can be written beside it", "copy"]),
    "reindex": (["reindex"], ["its index cannot be rebuilt", "copy the folder"]),
    "restore": (["restore", "{backup}", "--yes"], ["nothing can be restored", "make it writable"]),
    "move-library": (["move-library", "{root}/moved"], ["cannot be moved", "copy its folder"]),
}


@pytest.fixture
def read_only(place: Place, monkeypatch: pytest.MonkeyPatch) -> Iterator[Place]:
    """The library on a medium this process cannot write: modes for a user, chattr +i for
    root (if neither works, the check for it is made to say so)."""
    with unwritable(place.library, recursive=True) as made:
        if not made:
            monkeypatch.setattr(library_module, "_read_only", lambda *_: True)
        yield place


@pytest.mark.parametrize("case", list(READ_ONLY))
def test_a_read_only_library_is_refused_in_one_sentence(
    case: str, read_only: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(read_only.library, capsys)
    args, words = READ_ONLY[case]
    before = state(read_only.root)
    run = cli(*fill(args, read_only))
    assert_user_error(run, f"The library {read_only.library}", "read-only", *words)
    assert state(read_only.root) == before
    assert "1 paper" in cli("search", "tag:keep").err  # it can still be searched


def _forget_last_step(folder: Path) -> None:
    with contextlib.closing(sqlite3.connect(folder / "library.sqlite")) as conn, conn:
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM "
            "_sqlite_migrations)"
        )


def test_a_read_only_library_from_an_older_papershelf(
    place: Place, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget_last_step(place.library)
    with unwritable(place.library, recursive=True) as made:
        if not made:
            monkeypatch.setattr(library_module, "_read_only", lambda *_: True)
        before = state(place.root)
        run = Cli(place.library, capsys)("search", "retrieval")
        assert_user_error(run, "is read-only and was made by an older Papershelf", "copy it")
        assert state(place.root) == before


@pytest.fixture
def newer(place: Place) -> Place:
    """The library as a later Papershelf left it: one schema step this one does not know
    (the steps a library has had are the rows of ``_sqlite_migrations``)."""
    with contextlib.closing(sqlite3.connect(place.library / "library.sqlite")) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('papershelf', 'm999_from_the_future', '2030-01-01 00:00:00+00:00')"
        )
    return place


@pytest.mark.parametrize(
    "args",
    [["search"], ["tag", "add", "x", "1"], ["undo"], ["backup"], ["restore", "{backup}", "--yes"]],
    ids=["search", "tag", "undo", "backup", "restore"],
)
def test_a_library_from_a_newer_papershelf(args: list[str], newer: Place, cli: Cli) -> None:
    before = state(newer.root)
    run = cli(*fill(args, newer))
    words = ("upgraded by a newer Papershelf (m999_from_the_future)", "that version or newer")
    assert_user_error(run, f"The library {newer.library}", *words)
    assert state(newer.root) == before  # neither upgraded down nor backed up nor restored


@pytest.mark.parametrize("backups", [True, False], ids=["with-backups", "without-backups"])
def test_a_damaged_library(backups: bool, cli: Cli, place: Place) -> None:
    if not backups:
        shutil.rmtree(place.library / "backups")
    else:
        newest = place.backup
    (place.library / "library.sqlite").write_bytes(b"\0garbage" * 4096)
    before = state(place.root)
    line = assert_user_error(cli("tags"), "cannot be opened as a Papershelf library")
    if backups:
        command = f"`papershelf --library {place.library} restore {newest} --yes`"
        assert command in line
    else:
        assert "no backups; choose another folder with --library" in line
    assert state(place.root) == before


# -- a busy library: another process writing ---------------------------------------------------

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
"""


@contextlib.contextmanager
def writer_holding(folder: Path) -> Iterator[None]:
    """Another process in the middle of a write to the library (an import, say)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder / "library.sqlite")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        yield
    finally:
        holder.communicate("\n", timeout=30)


BUSY: dict[str, list[str]] = {
    "tag add": ["tag", "add", "busy", "1"],
    "edit": ["edit", "2", "--title", "Busy"],
    "saved add": ["saved", "add", "busy", "is:read"],
    "undo": ["undo"],
    "import": ["import", "{sample}", "--tag", "again"],
}


@pytest.mark.parametrize("case", list(BUSY))
def test_a_busy_library(case: str, cli: Cli, place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    """The write lock of SQLite, held by another process for longer than a command waits
    (10 s; here 0.3 s): LibraryBusy, one sentence; once it is let go, the same command works."""
    monkeypatch.setattr(library_module, "BUSY_MS", 300)
    args = fill(BUSY[case], place)
    before = rows(place.library)
    with writer_holding(place.library):
        run = cli(*args)
        words = ("Another Papershelf is writing to the library", "nothing was changed")
        assert_user_error(run, *words, "try again when it has finished")
        assert rows(place.library) == before
    cli.ok(*args)


# -- the window, where there is no display -----------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland: Linux's")
def test_no_display_for_the_window(cli: Cli, place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    before = state(place.root)
    for args in ([], ["--demo"], [str(SAMPLE)]):
        run = cli(*args)
        assert_user_error(run, "Papershelf needs a display", "QT_QPA_PLATFORM=offscreen")
    assert state(place.root) == before


def test_every_error_the_command_line_raises_is_counted_here() -> None:
    """A new ``raise ...Error(`` in the command line's modules fails this test until it is
    counted below, with a case above that shows what the user sees."""
    source = Path(__file__).parents[1] / "desktop" / "papershelf"
    raised = {}
    for path in sorted(source.glob("cli*.py")):
        text = path.read_text(encoding="utf-8")
        found = len(re.findall(r"raise [\w.]*(?:Error|Failed|Refused|NotFound|Busy)\(", text))
        if found:
            raised[path.name] = found
    assert raised == EXPECTED_RAISES, raised


EXPECTED_RAISES = {
    "cli_common.py": 1,  # --limit that is no number: "a limit that is no number"
    # edit without a field; highlight words the paper lacks; restore ids and a file
    "cli_edits.py": 3,
    # move-library without a library; restore into a read-only library, into a folder that
    # cannot be made, while a window has the library
    "cli_upkeep.py": 4,
}

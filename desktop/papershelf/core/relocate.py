"""Moving a library to another folder, safely: copied, checked, switched to, then removed.

The order is what makes it safe. The library is copied while a write transaction holds it (no
command can change it meanwhile), the copy is checked (SQLite's own check, and the same papers
and annotations), and only then is it given its real name; the location file then says where
the library is, and only after that are the old folder's files removed. Stopped at any point,
one complete library is where Papershelf looks, and at worst a second, complete copy is left
behind; nothing is ever lost.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from papershelf.core.errors import LibraryError
from papershelf.core.library import Library
from papershelf.core.lock import IndexLock
from papershelf.core.paths import library_dir, set_library_location

DATABASE = "library.sqlite"
# What a library folder holds, all of it moved: the database (and its log), the index, the
# backups and the locks. Anything else in the folder (the user's own files) stays where it is.
MOVED_DIRS = ("index", "backups")
LEFT_BEHIND = (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", ".lock", "index.lock")
CHECKED = (
    "papers",
    "tags",
    "paper_tags",
    "highlights",
    "status_history",
    "history",
    "saved_searches",
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Moved:
    """Where a library went, and whether Papershelf now opens it by default."""

    folder: Path
    default: bool


def check_target(source: Path, target: Path) -> Path:
    """``target`` made absolute, or LibraryError saying why a library cannot move there."""
    source, target = source.resolve(), target.expanduser().resolve()
    if target == source:
        raise LibraryError(f"The library is already in {target}.")
    if target.is_relative_to(source):
        raise LibraryError(f"{target} is inside the library's own folder; choose another.")
    if source.is_relative_to(target):
        raise LibraryError(f"{target} holds the library's folder; choose an empty folder.")
    # os.path: a name too long is no folder (the move then says so), not an OSError
    if os.path.exists(target) and (not os.path.isdir(target) or any(target.iterdir())):
        raise LibraryError(f"{target} is not an empty folder; choose an empty or new one.")
    return target


def move(library: Library, target: Path, progress: Progress | None = None) -> Moved:
    """Move the open ``library`` (held with the window lock, so no window has it) to the
    empty or new folder ``target``, and close it. When it was the library Papershelf opens
    by default, the default follows it. LibraryError when it cannot (the library is left as
    it was)."""
    say = progress or (lambda _step: None)
    source = library.folder.resolve()
    if library.read_only:  # the copy could be made, but the old folder never removed
        raise LibraryError(
            f"The library {library.folder} is read-only, so it cannot be moved; copy its "
            "folder instead."
        )
    target = check_target(source, target)
    was_default = library_dir().expanduser().resolve() == source
    made = not os.path.exists(target)
    index_lock = IndexLock(source)
    try:
        target.mkdir(parents=True, exist_ok=True)
        if not index_lock.acquire(timeout=10):
            raise LibraryError(
                "The index is being updated by another Papershelf; try the move again soon."
            )
        conn = library.conn
        # No command writes while the copy is made: a second connection holds the write lock
        # (the copy cannot be read through a connection that is writing), and the library's
        # own connection reads beside it, as the write-ahead log allows.
        guard = sqlite3.connect(library.db_path, timeout=5, isolation_level=None)
        try:
            guard.execute("BEGIN IMMEDIATE")
            say("copying the library")
            _copy_database(conn, target / DATABASE)
            for name in MOVED_DIRS:
                if (source / name).is_dir():
                    say(f"copying {name}")
                    shutil.copytree(source / name, target / name)
            say("checking the copy")
            _check(conn, target / f"{DATABASE}.partial")
            os.replace(target / f"{DATABASE}.partial", target / DATABASE)
            if was_default:
                set_library_location(target)
        finally:
            guard.close()  # rolled back: it wrote nothing
    except (OSError, sqlite3.Error) as exc:
        _undo(target, made)
        raise LibraryError(
            f"The library could not be moved to {target} ({_why(exc)}); it is still in "
            f"{source}, unchanged."
        ) from exc
    except LibraryError:
        _undo(target, made)
        raise
    finally:
        index_lock.release()
    library.close()
    say("removing the old folder")
    _remove_old(source)
    return Moved(target, was_default)


def _copy_database(conn: sqlite3.Connection, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        dest.close()


def _check(conn: sqlite3.Connection, copy: Path) -> None:
    """LibraryError unless the copy is sound and holds what the library holds."""
    dest = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        verdict = dest.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise LibraryError(f"The copy in {copy.parent} is damaged ({verdict}).")
        for table in CHECKED:
            mine = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            theirs = dest.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if mine != theirs:
                raise LibraryError(f"The copy in {copy.parent} lacks some {table}.")
    finally:
        dest.close()


def _undo(target: Path, made: bool) -> None:
    """Take away what a failed move put in ``target`` (it was empty or did not exist)."""
    if not os.path.isdir(target):
        return
    for child in list(target.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    if made:
        target.rmdir()


def _remove_old(source: Path) -> None:
    """Remove the library's own files from its old folder, then the folder if it is empty."""
    for name in MOVED_DIRS:
        shutil.rmtree(source / name, ignore_errors=True)
    for name in LEFT_BEHIND:
        (source / name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # the user's own files are there: they stay, and it
        source.rmdir()


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)

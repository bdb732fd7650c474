"""Commands that keep the library safe: backups, restoring one, moving the library.

``papershelf restore`` is shared with the trash: given paper ids it brings papers back from the
trash; given a backup file, it restores the library from it (asking first, or ``--yes``).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from papershelf.cli_common import CommandShelf, confirm, open_shelf, print_json, update_index
from papershelf.core import backup, library, relocate
from papershelf.core.errors import LibraryError, PapershelfError, WriteFailed
from papershelf.core.lock import WindowLock
from papershelf.core.paths import library_dir


def add_commands(sub: Any) -> None:
    """The backup commands (``restore FILE`` is routed here by ``cli_edits``)."""
    p = sub.add_parser("backup", help="take a backup of the library now")
    p.add_argument("--json", action="store_true", help="print the backup as JSON")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("backups", help="list the library's backups, newest first")
    p.add_argument("--json", action="store_true", help="print the backups as JSON")
    p.set_defaults(run=cmd_backups)

    p = sub.add_parser(
        "move-library",
        help="move the library to an empty or new folder (with its index and backups)",
    )
    p.add_argument("folder", metavar="FOLDER", help="where the library goes")
    p.set_defaults(run=cmd_move_library)


def cmd_move_library(args: argparse.Namespace) -> int:
    """Move the library (no window may have it open), saying each step."""
    folder = library_dir(args.library)
    if not os.path.exists(folder / relocate.DATABASE):  # never raises, a name too long too
        raise LibraryError(f"There is no library in {folder} to move.")
    opened = library.Library(folder, window=True)  # refused while a window has it
    try:
        moved = relocate.move(opened, Path(args.folder), lambda step: print(f"{step}…"))
    finally:
        opened.close()  # a refused move left it open, holding the window lock
    print(f"moved the library to {moved.folder}")
    if moved.default:
        print("Papershelf opens it there from now on.")
    else:
        print(f"give --library {moved.folder} (or set $PAPERSHELF_LIBRARY) to open it")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Snapshot the library into backups/."""
    with open_shelf(args, backups=False) as shelf:
        made = backup.snapshot(shelf.library, backup.MANUAL)
    if args.json:
        print_json(made.as_json())
    else:
        print(f"backed up to {made.path} ({made.size / 1e6:.1f} MB)")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    """List the backups with when, why and how many papers each holds."""
    found = backup.backups(library_dir(args.library))
    if args.json:
        print_json([b.as_json() for b in found])
        return 0
    for b in found:
        papers = b.papers()
        held = "unreadable" if papers is None else f"{papers:,} papers"
        print(f"{b.when}  {b.reason:<15} {held:>14}  {b.size / 1e6:7.1f} MB  {b.path}")
    if not found:
        print("no backups yet (one is taken each day the library changes)", file=sys.stderr)
    return 0


def restore_backup(args: argparse.Namespace, path: Path) -> int:
    """Restore the library from a backup file, after asking (or with --yes)."""
    folder = library_dir(args.library)
    papers = backup.check_readable(path)
    if library._read_only(folder, folder / library.DB_NAME):
        raise WriteFailed(
            f"The library {folder} is on a read-only medium: nothing can be restored into it; "
            "make it writable first."
        )
    window = WindowLock(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a backup restored on a new machine
        free = window.try_acquire()
    except OSError as exc:  # the folder cannot be written
        raise WriteFailed(
            f"The library folder {folder} cannot be written ({exc.strerror}); nothing was "
            "restored: fix its permissions, or choose another with --library."
        ) from exc
    if not free:  # the window would go on showing the library it had
        raise PapershelfError(
            f"The library {folder} is open in a Papershelf window; restore from there (File → "
            "Restore from backup…), or close the window first."
        )
    try:
        question = f"Replace the library with the backup {path.name} ({papers:,} papers)?"
        if not args.yes and not confirm(question):
            print("nothing restored")
            return 1
        shelf, damaged = _open_even_damaged(args, folder)
        with shelf:
            before = backup.restore(shelf.library, path)
            kept = damaged or before.path
            print(f"restored {papers:,} papers from {path}; the library as it was is in {kept}")
            update_index(shelf, wait=True)
    finally:
        window.release()
    return 0


def _open_even_damaged(args: argparse.Namespace, folder: Path) -> tuple[CommandShelf, Path | None]:
    """The library to restore into, and where a damaged one was kept: a library file SQLite
    cannot read is set aside (never deleted) and a new one made in its place."""
    try:
        return open_shelf(args, backups=False), None
    except LibraryError as exc:
        if not isinstance(exc.__cause__, sqlite3.DatabaseError):
            raise
    aside = backup.set_aside_damaged(folder)
    return open_shelf(args, backups=False), aside

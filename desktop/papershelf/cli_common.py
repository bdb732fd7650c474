"""What every command-line command shares: opening the library, printing papers and JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from papershelf.core import backup
from papershelf.core.errors import PapershelfError
from papershelf.core.index import BUSY
from papershelf.core.paths import library_dir
from papershelf.core.records import FILLABLE
from papershelf.core.session import Shelf

PAPER_KEYS = (
    "id",
    "title",
    *FILLABLE,
    "status",
    "status_changed",
    "tags",
    "note",
    "trashed",
    "edited",
    "added",
    "updated",
)


class CommandShelf(Shelf):
    """A shelf a command opened: on closing after the command worked, the day's backup is
    taken if it is due (at most once a day, and only if the library changed)."""

    def __init__(self, folder: Path, *, backups: bool = True):
        super().__init__(folder)
        self.backups = backups and not self.library.read_only

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self.backups and kind is None:
                try:
                    backup.daily(self.library)
                except PapershelfError as exc:  # a full disk: the command itself worked
                    print(f"papershelf: no backup today: {exc}", file=sys.stderr)
        finally:
            self.close()


def count(text: str) -> int:
    """An argparse type: a whole number of at least zero (``--limit``)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of papers (0 or more)")
    return int(text)


def open_shelf(args: argparse.Namespace, *, backups: bool = True) -> CommandShelf:
    """The library the command names (or the default one), opened with its index."""
    return CommandShelf(library_dir(args.library), backups=backups)


def update_index(shelf: Shelf, *, wait: bool = False) -> None:
    """Bring the index up to date. If another Papershelf (the window) is updating it, a
    change waits for it to take these papers in too; ``wait`` (a search) waits for it."""
    from papershelf.progress import TerminalProgress

    progress = TerminalProgress("indexing").update
    if shelf.index.ensure(progress, wait=0) != BUSY:
        return
    if not wait:
        print(
            f"papershelf: {BUSY}; the changes are searchable once it has caught up",
            file=sys.stderr,
        )
        return
    print(f"papershelf: {BUSY}; waiting for it…", file=sys.stderr)
    shelf.index.ensure(progress)


def confirm(question: str) -> bool:
    """Ask on the terminal; anything but yes (or no terminal at all) is no."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def paper_json(paper: dict[str, Any]) -> dict[str, Any]:
    """A paper as ``--json`` prints it."""
    return {key: paper[key] for key in PAPER_KEYS}


def print_json(value: object) -> None:
    """JSON on standard output, as every ``--json`` prints."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def one_line(paper: dict[str, Any]) -> str:
    """A paper as a search result line."""
    year = f" ({paper['year']})" if paper["year"] else ""
    tags = "".join(f" #{t}" for t in paper["tags"])
    return f"{paper['id']:>6}  {paper['status']:<7}  {paper['title']}{year}{tags}"

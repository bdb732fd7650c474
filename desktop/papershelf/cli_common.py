"""What every command-line command shares: opening the library, printing papers and JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

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


def open_shelf(args: argparse.Namespace) -> Shelf:
    """The library the command names (or the default one), opened with its index."""
    return Shelf(library_dir(args.library))


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

"""Commands that change a paper or take a change back: edit, highlight, trash, undo, history.

Each one is one core operation (``operations``, ``annotations``), recorded in the library's
history like the window's actions, so ``papershelf undo`` takes back the last change wherever
it was made.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from papershelf import cli_upkeep
from papershelf.cli_common import confirm, count, open_shelf, print_json, update_index
from papershelf.core import annotations as annotations_core
from papershelf.core import history
from papershelf.core import operations as ops
from papershelf.core.errors import PapershelfError
from papershelf.core.operations import Changes, plural


def add_commands(sub: Any) -> None:
    """The edit, highlight, trash and history commands."""
    p = sub.add_parser("edit", help="correct a paper's fields (an import never overwrites them)")
    p.add_argument("id", type=int, metavar="ID")
    for name, what in (
        ("title", "the title"),
        ("authors", "the authors, separated by semicolons"),
        ("year", "the year"),
        ("venue", "the venue"),
        ("doi", "the DOI"),
        ("arxiv", "the arXiv id"),
        ("links", "the links, separated by spaces"),
    ):
        p.add_argument(f"--{name}", metavar="TEXT", help=what)
    _json(p)
    p.set_defaults(run=cmd_edit)

    p = sub.add_parser("highlight", help="highlight words of a paper's title or abstract")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("quote", metavar="TEXT", help="the words, as they stand in the paper")
    p.add_argument("--colour", type=int, default=1, choices=range(1, 6), help="1-5")
    p.add_argument("--comment", default="", metavar="TEXT", help="a comment on the highlight")
    _json(p)
    p.set_defaults(run=cmd_highlight)

    p = sub.add_parser("trash", help="move papers to the trash")
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    _json(p)
    p.set_defaults(run=cmd_trash)

    p = sub.add_parser(
        "restore", help="bring papers back from the trash (IDs), or the library from a backup"
    )
    p.add_argument("ids", nargs="+", metavar="ID|FILE", help="paper ids, or one backup file")
    p.add_argument("--yes", action="store_true", help="restore a backup without asking")
    _json(p)
    p.set_defaults(run=cmd_restore)

    p = sub.add_parser("empty-trash", help="delete the papers in the trash for good")
    p.add_argument("--yes", action="store_true", help="do not ask first")
    p.set_defaults(run=cmd_empty_trash)

    for name, helptext, run in (
        ("undo", "take back the last change (made here or in the window)", cmd_undo),
        ("redo", "make the last undone change again", cmd_redo),
    ):
        p = sub.add_parser(name, help=helptext)
        _json(p)
        p.set_defaults(run=run)

    p = sub.add_parser("history", help="the last changes, newest first, and what undo would do")
    p.add_argument("--limit", type=count, default=20, metavar="N", help="how many (default 20)")
    _json(p)
    p.set_defaults(run=cmd_history)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print what changed as JSON")


def report(args: argparse.Namespace, changes: Changes, line: str | None = None) -> int:
    """Print what an operation did: its label (or ``line``), or JSON with ``--json``."""
    if getattr(args, "json", False):
        print_json({"done": changes.label, "papers": sorted(changes.papers)})
    else:
        print(line or history.done(changes.label) or "nothing to change")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Set the fields given on the command line."""
    names = {"arxiv": "arxiv_id"}
    values = {
        names.get(name, name): getattr(args, name)
        for name in ("title", "authors", "year", "venue", "doi", "arxiv", "links")
        if getattr(args, name) is not None
    }
    if not values:
        raise PapershelfError("Say what to change: --title, --authors, --year, --doi, ...")
    with open_shelf(args) as shelf:
        changes = ops.edit_fields(shelf.library, args.id, values)
        update_index(shelf)
    return report(args, changes)


def cmd_highlight(args: argparse.Namespace) -> int:
    """Highlight the first place the quote stands in the title or abstract."""
    with open_shelf(args) as shelf:
        paper = shelf.library.paper(args.id)
        for field in annotations_core.FIELDS:
            at = paper[field].find(args.quote)
            if at >= 0 and args.quote.strip():
                changes, _ = annotations_core.add_highlight(
                    shelf.library,
                    args.id,
                    field,
                    at,
                    at + len(args.quote),
                    colour=args.colour,
                    comment=args.comment,
                )
                update_index(shelf)
                return report(args, changes)
    raise PapershelfError(
        f"“{args.quote[:60]}” is not in the title or abstract of paper {args.id}; "
        "give the words exactly as they stand."
    )


def cmd_trash(args: argparse.Namespace) -> int:
    """Move papers to the trash."""
    with open_shelf(args) as shelf:
        return report(args, ops.trash(shelf.library, args.ids))


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring papers back from the trash, or the library from a backup file."""
    if not all(item.isdigit() for item in args.ids):
        if len(args.ids) != 1:
            raise PapershelfError("Give paper ids to restore from the trash, or one backup file.")
        return cli_upkeep.restore_backup(args, Path(args.ids[0]))
    with open_shelf(args) as shelf:
        return report(args, ops.restore(shelf.library, [int(i) for i in args.ids]))


def cmd_empty_trash(args: argparse.Namespace) -> int:
    """Delete the trashed papers, after asking (or with --yes)."""
    with open_shelf(args) as shelf:
        count = shelf.library.trash_count()
        if not count:
            print("the trash is empty")
            return 0
        if not args.yes and not confirm(
            f"Delete the {plural(count, 'paper')} in the trash? (you can still undo it)"
        ):
            print("nothing deleted")
            return 1
        changes = ops.empty_trash(shelf.library)
        update_index(shelf)
    return report(args, changes)


def cmd_undo(args: argparse.Namespace) -> int:
    """Take back the newest change."""
    with open_shelf(args) as shelf:
        changes = ops.undo(shelf.library)
        update_index(shelf)
    return report(args, changes)


def cmd_redo(args: argparse.Namespace) -> int:
    """Make the newest undone change again."""
    with open_shelf(args) as shelf:
        changes = ops.redo(shelf.library)
        update_index(shelf)
    return report(args, changes)


def cmd_history(args: argparse.Namespace) -> int:
    """List the last changes."""
    with open_shelf(args) as shelf:
        entries = history.entries(shelf.library, args.limit)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    marks = {"done": " ", "undone": "↶", "set aside": "✗"}
    for entry in entries:
        print(
            f"{entry.id:>5} {marks[entry.state]} {entry.at[:16].replace('T', ' ')}  {entry.label}"
        )
    if not entries:
        print("no changes yet")
    return 0

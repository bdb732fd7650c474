"""``papershelf saved``: the saved searches the sidebar lists, with how many papers each finds.

``saved`` lists them (name, count, query); ``saved add NAME QUERY...``, ``saved rename OLD
NEW`` and ``saved remove NAME`` change them, each one operation in the history that
``papershelf undo`` takes back, like the window's.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from papershelf import cli_edits
from papershelf.cli_common import open_shelf, print_json, update_index
from papershelf.core import saved
from papershelf.core.query import parse


def add_commands(sub: Any) -> None:
    """The ``saved`` command and its actions."""
    p = sub.add_parser("saved", help="list saved searches with their counts; add, rename, remove")
    p.add_argument("--json", action="store_true", help="print the saved searches as JSON")
    p.set_defaults(run=cmd_list)
    actions = p.add_subparsers(dest="action", metavar="add|rename|remove")
    q = actions.add_parser("add", help="save a query under a name")
    q.add_argument("name", metavar="NAME")
    q.add_argument("query", nargs="+", metavar="QUERY", help="the query, as in the search box")
    _json(q)
    q.set_defaults(run=cmd_add)
    q = actions.add_parser("rename", help="rename a saved search")
    q.add_argument("old", metavar="OLD")
    q.add_argument("new", metavar="NEW")
    _json(q)
    q.set_defaults(run=cmd_rename)
    q = actions.add_parser("remove", help="delete a saved search (undo brings it back)")
    q.add_argument("name", metavar="NAME")
    _json(q)
    q.set_defaults(run=cmd_remove)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print what changed as JSON")


def cmd_list(args: argparse.Namespace) -> int:
    """Print every saved search with how many papers it finds now."""
    with open_shelf(args) as shelf:
        searches = saved.saved_searches(shelf.library)
        if searches:
            update_index(shelf, wait=True)
        counts = [shelf.searcher.search(s.query).total for s in searches]
    if args.json:
        print_json([{**s.as_json(), "papers": n} for s, n in zip(searches, counts, strict=True)])
        return 0
    width = max((len(s.name) for s in searches), default=0)
    for search, n in zip(searches, counts, strict=True):
        print(f"{search.name:<{width}}  {n:6d}  {search.query}")
    if not searches:
        print("no saved searches yet; `papershelf saved add NAME QUERY` saves one")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Save a query."""
    query = " ".join(args.query)
    with open_shelf(args) as shelf:
        changes = saved.add(shelf.library, args.name, query)
    done = cli_edits.report(args, changes, f"saved the search '{saved.clean_name(args.name)}'")
    problem = parse(query).error  # saved as written; what it will search without, said now
    if problem:
        print(f"papershelf: note: {problem}", file=sys.stderr)
    return done


def cmd_rename(args: argparse.Namespace) -> int:
    """Rename a saved search."""
    with open_shelf(args) as shelf:
        return cli_edits.report(args, saved.rename(shelf.library, args.old, args.new))


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete a saved search."""
    with open_shelf(args) as shelf:
        return cli_edits.report(args, saved.remove(shelf.library, args.name))

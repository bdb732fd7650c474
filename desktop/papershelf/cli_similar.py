"""``papershelf related ID`` and ``papershelf read-next``: papers like one paper, or like what
the user reads (``core.similar``), one line each or as JSON with their scores."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from papershelf.cli_common import count, one_line, open_shelf, paper_json, print_json, update_index
from papershelf.core import similar


def add_commands(sub: Any) -> None:
    """The related and read-next commands."""
    p = sub.add_parser("related", help="list the papers most like one paper")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--limit", type=count, default=10, metavar="N", help="show at most N papers (default 10)"
    )
    p.add_argument("--json", action="store_true", help="print the papers as JSON, with scores")
    p.set_defaults(run=cmd_related)

    p = sub.add_parser(
        "read-next", help="rank the unread papers by how like what you read and tag they are"
    )
    p.add_argument(
        "--tag", metavar="TAG", help="rank by the papers of this tag instead (they are left out)"
    )
    p.add_argument(
        "--limit", type=count, default=20, metavar="N", help="show at most N papers (default 20)"
    )
    p.add_argument("--json", action="store_true", help="print the papers as JSON, with scores")
    p.set_defaults(run=cmd_read_next)


def cmd_related(args: argparse.Namespace) -> int:
    """Print the papers most like one paper."""
    with open_shelf(args) as shelf:
        update_index(shelf, wait=True)
        found = similar.related(shelf.library, shelf.index, args.id, args.limit)
        papers = shelf.library.papers([s.id for s in found])
    if not found:
        print(f"papershelf: no other paper in the library is like paper {args.id}", file=sys.stderr)
    return _print(args, found, papers)


def cmd_read_next(args: argparse.Namespace) -> int:
    """Print the unread papers most like the user's reading (or a tag's papers)."""
    with open_shelf(args) as shelf:
        update_index(shelf, wait=True)
        found = similar.read_next(shelf.library, shelf.index, args.tag, args.limit)
        papers = shelf.library.papers([s.id for s in found])
        known = bool(found) or bool(similar.profile(shelf.library, shelf.index, args.tag))
    if not known and args.tag is not None:
        print(
            f"papershelf: no paper outside the trash has the tag {args.tag!r}; tag some papers "
            "with it, and read-next ranks the unread ones like them.",
            file=sys.stderr,
        )
    elif not known:
        print(
            "papershelf: nothing to go on yet: mark papers read (`papershelf mark read ID`) or "
            "tag them (`papershelf tag add TAG ID`), and read-next ranks the unread ones like "
            "them.",
            file=sys.stderr,
        )
    elif not found:
        print("papershelf: no unread paper is like what you read", file=sys.stderr)
    return _print(args, found, papers)


def _print(args: argparse.Namespace, found: list[similar.Similar], papers: list[dict]) -> int:
    """One line a paper (its score first), or JSON: the papers as ``search`` prints them,
    each with its score."""
    scores = {s.id: s.score for s in found}
    if args.json:
        print_json([{**paper_json(p), "score": scores[p["id"]]} for p in papers])
        return 0
    for paper in papers:
        print(f"{scores[paper['id']]:8.2f}  {one_line(paper)}")
    return 0

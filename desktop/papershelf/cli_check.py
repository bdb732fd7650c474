"""The check command: is the library whole, and does its index agree with it?

A thin face on ``core.checkup``: ``papershelf check`` lists what is wrong (exit 1) or says
"ok"; ``--repair`` fixes what can be fixed and says what it did.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from papershelf.cli_common import open_shelf
from papershelf.core import checkup
from papershelf.progress import TerminalProgress


def add_commands(sub: Any) -> None:
    """The check command."""
    p = sub.add_parser(
        "check",
        help="check the library file, its index and its backups (--repair fixes what it can)",
    )
    p.add_argument("--repair", action="store_true", help="fix what can be fixed")
    p.set_defaults(run=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """Check everything; exit 1 listing what is wrong (after --repair: what is still wrong)."""
    with open_shelf(args, backups=False) as shelf:
        report = checkup.check(shelf)
        if args.repair and report.problems:
            done = checkup.repair(shelf, report, TerminalProgress("repairing").update)
            for line in done:
                print(f"repaired: {line}", file=sys.stderr)
            report = checkup.check(shelf)
    for warning in report.warnings:
        print(f"papershelf: warning: {warning}", file=sys.stderr)
    for note in report.notes:
        print(f"papershelf: {note}", file=sys.stderr)
    for problem in report.problems:
        print(f"papershelf: {problem.text}", file=sys.stderr)
    if report.problems:
        if not args.repair and any(p.repairable for p in report.problems):
            print("run `papershelf check --repair` to fix what can be fixed", file=sys.stderr)
        return 1
    print(f"ok: {report.summary}")
    return 0

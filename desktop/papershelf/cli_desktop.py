"""``papershelf install-desktop`` and ``uninstall-desktop``: Papershelf in the desktop's menus,
icon theme and "Open with" lists, for the current user, and out of them again.

Each prints a line per file written, removed or refreshed; a cache tool that fails is one
sentence on standard error and exit status 1 (the files are in place all the same).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from papershelf import desktop_entry
from papershelf.desktop_entry import Outcome


def add_commands(sub: Any) -> None:
    """The ``install-desktop`` and ``uninstall-desktop`` commands."""
    p = sub.add_parser(
        "install-desktop",
        help="add Papershelf to your desktop's menu, icons and file types (.bib, .ris, .nbib)",
    )
    p.add_argument(
        "--default",
        action="store_true",
        help="also make Papershelf the default application for those files",
    )
    p.set_defaults(run=cmd_install)
    p = sub.add_parser("uninstall-desktop", help="remove what install-desktop added")
    p.set_defaults(run=cmd_uninstall)


def cmd_install(args: argparse.Namespace) -> int:
    """Install the desktop entry, icons, file types and AppStream record."""
    home = desktop_entry.data_home()
    defaults = desktop_entry.mimeapps_path() if args.default else None
    return _report(desktop_entry.install(home, desktop_entry.launcher_command(), defaults))


def cmd_uninstall(args: argparse.Namespace) -> int:
    """Remove what ``install-desktop`` installed."""
    home = desktop_entry.data_home()
    return _report(desktop_entry.uninstall(home, desktop_entry.mimeapps_path()))


def _report(outcome: Outcome) -> int:
    for line in outcome.done:
        print(line)
    for problem in outcome.problems:
        print(f"papershelf: {problem}", file=sys.stderr)
    return 1 if outcome.problems else 0

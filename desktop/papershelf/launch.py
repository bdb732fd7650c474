"""The programs' entry points: ``papershelf`` and ``papershelf-gui``.

A launch that only opens the window (``papershelf``, ``--library DIR``, ``--demo``) goes
straight to it, importing neither the command line's parser nor its modules (which bring the
full-text index, sqlite-utils and numpy): the window shows its list first and loads those
behind it. Everything else is the command line's (``papershelf.cli``).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence

from papershelf.core.errors import PapershelfError, one_line
from papershelf.display import no_display_reason


def main(argv: Sequence[str] | None = None) -> int:
    """``papershelf``: the window, or a command of the command line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if window_only(argv):
        return open_window(build_open_parser().parse_args(argv))
    from papershelf.cli import main as command_line  # noqa: PLC0415 - only commands need it

    return command_line(argv)


def gui_main() -> int:
    """Entry point for desktop launchers (``papershelf-gui %F``): the window on the user's
    library, previewing the files it is given."""
    return main(sys.argv[1:] if len(sys.argv) > 1 else [])


def window_only(argv: Sequence[str]) -> bool:
    """Whether the command line is the window's options alone, written out in full (anything
    else, abbreviations and ``--library=DIR`` too, is left to the full parser)."""
    words = iter(argv)
    for word in words:
        if word == "--library":
            folder = next(words, None)
            if folder is None or folder.startswith("-"):
                return False
        elif word not in ("--demo", "--quit-when-ready"):
            return False
    return True


def add_window_options(parser: argparse.ArgumentParser) -> None:
    """The options of the window, which the command line's parser has too."""
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on a throwaway library holding the sample dump",
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="open the window, print how long it took to be ready (list shown, index open) "
        "and quit: a start-up check",
    )


def build_open_parser() -> argparse.ArgumentParser:
    """The parser of ``papershelf [options] FILE...``: the window, previewing each file."""
    parser = argparse.ArgumentParser(
        prog="papershelf",
        usage="papershelf [--library DIR] [--demo] FILE...",
        description="Open the window and preview importing each file (a window already "
        "open on the library takes them instead).",
    )
    parser.add_argument("--library", metavar="DIR", help="the library folder")
    add_window_options(parser)
    parser.add_argument("files", metavar="FILE", nargs="*", help="files of papers to import")
    return parser


def open_window(args: argparse.Namespace) -> int:
    """Run the window until it closes; its exit status."""
    reason = no_display_reason()
    if reason is not None:
        print(f"papershelf: {reason}", file=sys.stderr)
        return 1
    from papershelf.ui.sourcereads import glance_at_sources  # noqa: PLC0415 - the window's

    glance_at_sources()
    from papershelf.ui.app import run  # noqa: PLC0415 - Qt, for the window alone

    files = getattr(args, "files", [])
    return guard(
        lambda: run(
            library=args.library,
            demo=args.demo,
            files=files,
            quit_when_ready=args.quit_when_ready,
        )
    )


def guard(action: Callable[[], int]) -> int:
    """Run an action of the user's; a problem they can fix is one line on stderr (exit 1), a
    bug is reported as one with its details (exit 70)."""
    try:
        return action()
    except PapershelfError as exc:
        # one line, whatever names it quotes (a file name may hold a newline)
        print(f"papershelf: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "papershelf: interrupted; nothing was changed by the unfinished step", file=sys.stderr
        )
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        print(
            "papershelf: internal error (a bug; please report it with these details):",
            file=sys.stderr,
        )
        traceback.print_exc()
        return 70

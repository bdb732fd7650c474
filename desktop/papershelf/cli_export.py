"""The export command: papers as BibTeX, RIS, CSL-JSON, CSV, Papershelf JSON or Markdown notes.

``papershelf export --format F [QUERY...] [-o PATH]`` takes the papers a search would show
(every paper outside the trash without a query) and writes them to standard output, to a file
(atomically), or, for Markdown, to a folder of notes. A thin face on ``core.exporting``.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from papershelf.cli_common import open_shelf
from papershelf.core import exporting
from papershelf.core.operations import plural
from papershelf.progress import TerminalProgress


def add_commands(sub: Any) -> None:
    """The export command."""
    names = ", ".join(f.name for f in exporting.FORMATS)
    p = sub.add_parser(
        "export",
        help="write papers as BibTeX, RIS, CSL-JSON, CSV, JSON (everything) or Markdown notes",
    )
    p.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="which papers, as search takes them (none: every paper not in the trash)",
    )
    p.add_argument(
        "--format",
        required=True,
        metavar="FORMAT",
        help=f"one of {names}; json keeps everything, for papershelf import",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the file to write (a folder for markdown); standard output without it",
    )
    p.add_argument("--with-trash", action="store_true", help="take the papers in the trash too")
    p.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Export the papers a query names."""
    fmt = exporting.by_name(args.format)
    output = Path(args.output).expanduser() if args.output else None
    exporting.check_target(fmt, output)  # before the library is opened
    query = " ".join(args.query)
    with open_shelf(args) as shelf:
        if query.strip():
            shelf.index.ensure(TerminalProgress("indexing").update)
        selection = exporting.select(shelf.library, shelf.searcher, query, trash=args.with_trash)
        if selection.error:
            print(f"papershelf: {selection.error}", file=sys.stderr)
        if output is not None:
            result = exporting.export(shelf.library, selection.ids, fmt, output=output)
        else:
            with _utf8_stdout() as out:
                result = exporting.export(shelf.library, selection.ids, fmt, out=out)
    if output is not None:
        line = f"exported {plural(result.count, 'paper')} to {output}"
        if result.written is not None:
            line += f" ({result.written} notes written, {result.unchanged} unchanged)"
        print(line, file=sys.stderr)
    return 0


@contextmanager
def _utf8_stdout() -> Iterator[TextIO]:
    """Standard output as UTF-8 with the exporter's own line endings, whatever the console's
    encoding (a BibTeX file is UTF-8 on Windows too)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by something without bytes underneath
        yield sys.stdout
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        yield out
    finally:
        out.flush()
        out.detach()

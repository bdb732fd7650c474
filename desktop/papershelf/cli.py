"""The command line: a thin face on the core. ``papershelf`` with no command opens the window.

Every command exits 0 on success; a problem the user can fix prints one line on stderr and
exits 1; a usage error exits 2 (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from papershelf import __version__, cli_edits
from papershelf.cli_common import count, one_line, open_shelf, paper_json, print_json, update_index
from papershelf.core import annotations as annotations_core
from papershelf.core import operations as ops
from papershelf.core.display import authors_line, page_facts, reading_line
from papershelf.core.errors import LibraryBusy, PapershelfError, WriteFailed
from papershelf.core.operations import plural
from papershelf.launch import (
    add_window_options,
    build_open_parser,
    guard,
    open_window,
    window_only,
)
from papershelf.progress import TerminalProgress


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per action."""
    # Here, not at the top: the window (no command) needs none of these modules.
    from papershelf import cli_desktop, cli_export, cli_saved, cli_similar, cli_upkeep

    parser = argparse.ArgumentParser(
        prog="papershelf",
        description="An offline reading list for research papers. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"papershelf {__version__}")
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="the library folder (default: $PAPERSHELF_LIBRARY, then your user data folder)",
    )
    add_window_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_import(sub)
    _add_reading(sub)
    _add_triage(sub)
    _add_upkeep(sub)
    cli_edits.add_commands(sub)
    cli_export.add_commands(sub)
    cli_upkeep.add_commands(sub)
    cli_saved.add_commands(sub)
    cli_similar.add_commands(sub)
    cli_desktop.add_commands(sub)
    return parser


def _opens_files(argv: Sequence[str], commands: Iterable[str]) -> bool:
    """Whether the command line names files to open rather than a command: its first word
    that is not an option is an existing path and no command's name (a mistyped command is
    left to the parser, which says which commands there are)."""
    words = iter(argv)
    for word in words:
        if word == "--library":
            next(words, None)
        elif word == "--":
            word = next(words, "")
            return bool(word) and os.path.lexists(word)
        elif not word.startswith("-") or word == "-":
            return word not in commands and word != "-" and os.path.lexists(word)
    return False


def _add_import(sub: Any) -> None:
    """Commands that import papers and undo imports."""
    p = sub.add_parser("import", help="import an abstract dump (a file, or - for stdin)")
    p.add_argument("file", metavar="FILE", help="the file to import, or - for standard input")
    p.add_argument("--format", metavar="NAME", help="the format, instead of detecting it")
    p.add_argument("--tag", metavar="TAG", help="tag every paper this import brings")
    p.add_argument(
        "--dry-run", action="store_true", help="report what would happen; change nothing"
    )
    p.add_argument(
        "--keep-valid",
        action="store_true",
        help="import the readable papers even if some records cannot be read",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("batches", help="list imports, newest first")
    p.add_argument("--json", action="store_true", help="print the imports as JSON")
    p.set_defaults(run=cmd_batches)

    p = sub.add_parser("undo-import", help="remove the papers one import added")
    p.add_argument("batch", type=int, metavar="BATCH", help="the import's number (see batches)")
    p.set_defaults(run=cmd_undo_import)


def _add_reading(sub: Any) -> None:
    """Commands that show papers and tags."""
    p = sub.add_parser("search", help="search the library (no query: every paper, newest first)")
    p.add_argument("query", nargs="*", metavar="QUERY", help='words, "phrases", tag:NAME, is:read')
    p.add_argument("--limit", type=count, metavar="N", help="show at most N papers")
    p.add_argument("--json", action="store_true", help="print the papers as JSON")
    p.set_defaults(run=cmd_search)

    p = sub.add_parser("show", help="show one paper")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="print the paper as JSON")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("tags", help="list tags with how many papers carry each")
    p.add_argument("--json", action="store_true", help="print the tags as JSON")
    p.set_defaults(run=cmd_tags)


def _add_triage(sub: Any) -> None:
    """Commands that tag, mark and annotate papers."""
    p = sub.add_parser("tag", help="add, remove or rename a tag")
    actions = p.add_subparsers(dest="action", metavar="add|remove|rename", required=True)
    for action, helptext in (("add", "tag papers"), ("remove", "untag papers")):
        q = actions.add_parser(action, help=helptext)
        q.add_argument("tag", metavar="TAG")
        q.add_argument("ids", type=int, nargs="+", metavar="ID")
        q.add_argument("--json", action="store_true", help="print what changed as JSON")
        q.set_defaults(run=cmd_tag)
    q = actions.add_parser("rename", help="rename a tag; merge it if NEW exists")
    q.add_argument("old", metavar="OLD")
    q.add_argument("new", metavar="NEW")
    q.add_argument("--json", action="store_true", help="print what changed as JSON")
    q.set_defaults(run=cmd_tag_rename)

    p = sub.add_parser("mark", help="mark papers read, unread or reading")
    p.add_argument("status", choices=("read", "unread", "reading"))
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(run=cmd_mark)

    p = sub.add_parser("note", help="set or append to a paper's Markdown note")
    p.add_argument("id", type=int, metavar="ID")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--set", metavar="TEXT", help="replace the note (- reads stdin)")
    group.add_argument("--append", metavar="TEXT", help="add a paragraph to the note")
    p.add_argument("--json", action="store_true", help="print what changed as JSON")
    p.set_defaults(run=cmd_note)


def _add_upkeep(sub: Any) -> None:
    """Commands that look after the index."""
    p = sub.add_parser("reindex", help="rebuild the full-text index from the library")
    p.set_defaults(run=cmd_reindex)
    from papershelf import cli_check  # a command's module: see build_parser

    cli_check.add_commands(sub)


# -- commands ------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    """Import a dump as one batch and print what it did."""
    from papershelf.core.importing import choose_importer, import_source, open_source

    piped = args.file == "-"
    source = open_source(stream=sys.stdin.buffer) if piped else open_source(args.file)
    importer = choose_importer(source, args.format)
    behind: str | None = None  # why the index did not take the imported papers in
    with open_shelf(args) as shelf, TerminalProgress("importing") as bar:
        report = import_source(
            shelf.library,
            source,
            importer,
            tag=args.tag,
            dry_run=args.dry_run,
            keep_valid=args.keep_valid,
            progress=bar.update,
        )
        if not args.dry_run:
            # The import is committed: from here on a failure is the index's alone, and the
            # index catches up with the queue at the next command that searches.
            try:
                update_index(shelf)
            except KeyboardInterrupt:
                behind = "interrupted while indexing"
                shelf.backups = False  # the user wants to stop: not now
            except (OSError, sqlite3.OperationalError, PapershelfError) as exc:
                # a clause, not the error's own sentence ("nothing was changed" would be
                # wrong of an import already saved)
                if isinstance(exc, LibraryBusy):
                    why = "another Papershelf is writing to the library"
                elif isinstance(exc, WriteFailed):
                    why = "the library could not be written"
                elif isinstance(exc, OSError) and exc.strerror:
                    why = exc.strerror[:1].lower() + exc.strerror[1:]
                else:
                    why = str(exc).rstrip(".")
                behind = f"the index could not be updated ({why})"
    if args.json:
        print_json(report.as_json())
    else:
        prefix = "would import: " if args.dry_run else ""
        print(f"{prefix}{report.summary()}  ({importer.label})")
        for found in report.found:
            print(f"  {found.outcome:<9}  line {found.line:<6} {found.title}")
        for skip in report.skipped:
            print(f"  skipped line {skip.line}: {skip.reason}")
    if behind is None:
        return 0
    print(
        f"papershelf: {behind}; the import is saved ({plural(len(report.ids), 'paper')}), and "
        "its papers become searchable when the index catches up, at the next search.",
        file=sys.stderr,
    )
    return 130 if behind.startswith("interrupted") else 0


def cmd_search(args: argparse.Namespace) -> int:
    """Print the papers matching a query."""
    with open_shelf(args) as shelf:
        update_index(shelf, wait=True)
        result = shelf.searcher.search(" ".join(args.query), limit=args.limit)
        papers = shelf.library.papers(result.ids)
    if args.json:
        # the papers on standard output, as always; what a person reads, on standard error
        print_json([paper_json(p) for p in papers])
        facts = {"total": result.total, "error": result.error, "suggestion": result.suggestion}
        print(json.dumps(facts, ensure_ascii=False), file=sys.stderr)
        return 0
    if result.error:
        print(f"papershelf: {result.error}", file=sys.stderr)
    for paper in papers:
        print(one_line(paper))
    shown = f"{len(papers)} of {result.total}" if len(papers) < result.total else str(result.total)
    print(f"{shown} {'paper' if result.total == 1 else 'papers'}", file=sys.stderr)
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print one paper in full."""
    with open_shelf(args) as shelf:
        paper = shelf.library.paper(args.id)
        reading = shelf.library.status_history(args.id)
        marks = annotations_core.highlights_of(shelf.library, args.id)
    if args.json:
        print_json(
            {
                **paper_json(paper),
                "reading_history": [{"status": s, "at": at} for s, at in reading],
                "highlights": [h.as_json() for h in marks],
            }
        )
        return 0
    lines = [f"#{paper['id']}  {paper['title']}", authors_line(paper) or "(no authors)"]
    meta = [str(v) for v in (paper["year"], paper["venue"]) if v] + page_facts(paper)
    ids = [f"{k}: {paper[k]}" for k in ("doi", "arxiv_id", "pmid") if paper[k]]
    lines += [" · ".join(meta + ids)] if meta or ids else []
    trashed = "    (in the trash)" if paper["trashed"] else ""
    lines.append(f"status: {paper['status']}    tags: {', '.join(paper['tags']) or '-'}{trashed}")
    lines.append(reading_line(paper["added"], reading))
    lines += [f"link: {link}" for link in paper["links"]]
    lines += ["", paper["abstract"] or "(no abstract)"]
    if marks:
        lines += ["", "Highlights:"]
        for mark in marks:
            lost = " (its words are no longer in the text)" if mark.lost else ""
            comment = f" — {mark.comment}" if mark.comment else ""
            lines.append(f"  [{mark.colour_name}] “{mark.quote}”{comment}{lost}")
    if paper["note"]:
        lines += ["", "Note:", paper["note"]]
    print("\n".join(lines))
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    """Add or remove a tag."""
    with open_shelf(args) as shelf:
        change = ops.add_tag if args.action == "add" else ops.remove_tag
        changes = change(shelf.library, args.ids, args.tag)
    verb = "tagged" if args.action == "add" else "untagged"
    return cli_edits.report(args, changes, f"{verb} {plural(len(changes.papers), 'paper')}")


def cmd_tag_rename(args: argparse.Namespace) -> int:
    """Rename a tag, or merge it into another."""
    with open_shelf(args) as shelf:
        return cli_edits.report(args, ops.rename_tag(shelf.library, args.old, args.new))


def cmd_tags(args: argparse.Namespace) -> int:
    """List every tag with its count."""
    with open_shelf(args) as shelf:
        counts = shelf.library.tag_counts()
    if args.json:
        print_json([{"tag": name, "papers": n} for name, n in counts])
    for name, n in [] if args.json else counts:
        print(f"{n:6d}  {name}")
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    """Set the read status of papers."""
    with open_shelf(args) as shelf:
        changes = ops.set_status(shelf.library, args.ids, args.status)
    line = f"marked {plural(len(changes.papers), 'paper')} {args.status}"
    return cli_edits.report(args, changes, line)


def cmd_note(args: argparse.Namespace) -> int:
    """Replace or extend a paper's note."""
    text = args.set if args.set is not None else args.append
    if text == "-":
        text = sys.stdin.read()
    with open_shelf(args) as shelf:
        changes = ops.set_note(shelf.library, args.id, text, append=args.append is not None)
        update_index(shelf)
    return cli_edits.report(args, changes, f"note of paper {args.id} saved")


def cmd_batches(args: argparse.Namespace) -> int:
    """List import batches with their counts."""
    with open_shelf(args) as shelf:
        batches = shelf.library.batches()
    if args.json:
        print_json(batches)
        return 0
    for b in batches:
        tag = f"  #{b['tag']}" if b["tag"] else ""
        print(
            f"{b['id']:>5}  {b['created'][:16].replace('T', ' ')}  {b['format']:<14} "
            f"{b['new']} new, {b['updated']} updated, {b['duplicates']} duplicates, "
            f"{b['skipped']} skipped  {b['source']}{tag}"
        )
    return 0


def cmd_undo_import(args: argparse.Namespace) -> int:
    """Remove the papers an import added."""
    with open_shelf(args) as shelf:
        changes = ops.remove_batch(shelf.library, args.batch)
        shelf.index.catch_up(TerminalProgress("indexing").update)
    print(f"removed {len(changes.papers)} papers added by import {args.batch}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the index from scratch."""
    with open_shelf(args) as shelf:
        count = shelf.index.rebuild(TerminalProgress("indexing").update)
    print(f"indexed {count} papers")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, open the window (previewing any files)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if window_only(argv):  # the window at once, without the commands' parser
        return open_window(build_open_parser().parse_args(argv))
    parser = build_parser()
    if _opens_files(argv, _commands(parser)):
        return open_window(build_open_parser().parse_args(argv))
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "command", None) == "search" and _negations(extra):
        args.query += extra  # "retrieval -language": a word left out, not an option
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        return open_window(args)
    return guard(lambda: args.run(args))


def _negations(words: list[str]) -> bool:
    """Whether words argparse did not know are a search's left-out words (``-language``,
    ``-"state space"``, ``-tag:old``), not mistyped options (``--limt``)."""
    return all(w.startswith("-") and not w.startswith("--") and len(w) > 1 for w in words)


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    """The names of the parser's commands (argparse offers no public way to list them)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()

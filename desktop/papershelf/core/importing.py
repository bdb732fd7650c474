"""Importing a source into the library as one batch (design §5 and §6).

An import reads the source (in a worker process when it is large: ``pipeline``), merges each
record into the library (``merging``: DOI, arXiv id, PubMed id, then normalised title with
year; new papers inserted, empty fields of matched ones filled), records the batch and queues
the papers for the index, all inside one transaction. A dry run is the same work rolled back,
so a preview's counts are exactly what the import will do. Duplicates inside one dump are found
the same way, because the dump's earlier papers are already in the (uncommitted) tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from papershelf.core import history, importers
from papershelf.core.errors import Cancelled, ImportRefused
from papershelf.core.importers import Importer, Source
from papershelf.core.journal import Journal
from papershelf.core.library import Library, now
from papershelf.core.merging import Merger
from papershelf.core.operations import clean_tag, plural, queue_for_index, tag_papers
from papershelf.core.pipeline import cleaned_records
from papershelf.core.records import Furniture, Skip, unfit

Progress = Callable[[int, int], None]  # (bytes read, total bytes) -> None


FURNITURE_KEPT = 2000  # furniture lines a report lists (all are counted)
FOUND_KEPT = 5000  # papers a preview lists with what the import would do to each


class _DryRun(Exception):
    """Raised inside the transaction to roll a preview back."""


@dataclass(frozen=True)
class Found:
    """One paper an import read, and what it would do (or did) with it."""

    line: int
    title: str
    outcome: str  # new | updated | duplicate


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    source: str
    format: str
    label: str
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    furniture: int = 0  # lines of page text that were not papers
    furniture_lines: list[Furniture] = field(default_factory=list)  # the first of them
    found: list[Found] = field(default_factory=list)  # a preview's papers, in input order

    @property
    def refusing(self) -> list[Skip]:
        """The skipped records that refuse the import (a structured format's broken ones)."""
        return [skip for skip in self.skipped if skip.refuses]

    def summary(self) -> str:
        """The one line the CLI prints."""
        line = (
            f"{self.new} new, {self.updated} updated, {self.duplicates} duplicates, "
            f"{len(self.skipped)} skipped"
        )
        if self.furniture:
            line += f", {self.furniture} lines of page text skipped"
        return line

    def as_json(self) -> dict[str, Any]:
        """The report as the CLI's --json prints it."""
        return {
            "format": self.format,
            "new": self.new,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "skipped": [{"line": s.line, "reason": s.reason} for s in self.skipped],
            "page_text_skipped": self.furniture,
            "page_text": [
                {"line": f.line, "lines": f.lines, "text": f.text} for f in self.furniture_lines
            ],
            "found": [{"line": f.line, "title": f.title, "outcome": f.outcome} for f in self.found],
            "ids": self.ids,
            "batch": self.batch_id,
            "dry_run": self.dry_run,
        }


def open_source(
    path: str | Path | None = None,
    *,
    text: str | None = None,
    data: bytes | None = None,
    stream: BinaryIO | None = None,
    name: str | None = None,
) -> Source:
    """A source from a path, text, bytes or a stream read once (standard input), refusing
    unreadable input before any write."""
    if stream is not None:
        return Source.from_stream(stream, name or "standard input")
    if text is not None:
        return Source.from_text(text, name or "pasted text")
    if data is not None:
        return Source.from_bytes(data, name or "standard input")
    assert path is not None
    return Source.from_path(path)


def choose_importer(source: Source, format_name: str | None = None) -> Importer:
    """The importer named by --format, or the one detection picks."""
    return importers.by_name(format_name) if format_name else importers.detect(source)


def import_source(
    library: Library,
    source: Source,
    importer: Importer,
    *,
    tag: str | None = None,
    dry_run: bool = False,
    keep_valid: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import every record of ``source`` as one batch; all or nothing.

    A record that cannot be read refuses the whole import (naming its line), unless
    ``keep_valid``: then the valid records are imported and the report lists each skipped one.
    A dry run always reports every skipped record instead of refusing, and lists the papers it
    found. Page text never refuses: its furniture is counted and its broken blocks listed.
    """
    tag = clean_tag(tag) if tag else None
    report = ImportReport(source.name, importer.name, importer.label, dry_run=dry_run)
    try:
        with library.checkpoint_deferred(), library.transaction():
            _run(library, source, importer, report, tag, progress, cancelled)
            if report.refusing and not (keep_valid or dry_run):
                raise _refusal(source, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.ids = []
        report.batch_id = None
    return report


def _run(
    library: Library,
    source: Source,
    importer: Importer,
    report: ImportReport,
    tag: str | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    stamp = now()
    batch_id = library.conn.execute(
        "INSERT INTO batches (source, format, created, tag) VALUES (?, ?, ?, ?)",
        [Path(source.name).name if source.name else "", importer.name, stamp, tag],
    ).lastrowid
    assert batch_id is not None  # an INSERT always gives its row's id
    journal = Journal(library.conn)  # what the import does to papers already there, for undo
    merger = Merger(library, batch_id, stamp, [] if report.dry_run else None, journal)
    records = 0
    for item in cleaned_records(source, importer, cancelled):
        if isinstance(item, Furniture):
            report.furniture += item.lines
            if len(report.furniture_lines) < FURNITURE_KEPT:
                report.furniture_lines.append(item)
            continue
        if isinstance(item, Skip):
            report.skipped.append(item)
            continue
        reason = unfit(item)
        if reason:
            report.skipped.append(Skip(item.line, reason))
            continue
        records += 1
        if records % 500 == 0:
            if cancelled and cancelled():
                raise Cancelled
            if progress:
                progress(source.position, source.size)
        merger.add(item)
    merger.flush()
    if not records:
        raise ImportRefused(source.name, _no_papers_reason(report))
    outcomes = sorted(merger.outcomes or [], key=lambda pair: pair[0].line)
    report.found = [Found(r.line, r.title, outcome) for r, outcome in outcomes[:FOUND_KEPT]]
    counts = merger.counts
    report.new, report.updated, report.duplicates, report.ids = (
        counts.new,
        counts.updated,
        counts.duplicates,
        counts.ids,
    )
    _restore_extras(library, journal, source, importer, report, batch_id)
    if tag and report.ids:
        tag_papers(journal, report.ids, tag)
    library.conn.execute(
        "UPDATE batches SET new = ?, updated = ?, duplicates = ?, skipped = ?, furniture = ? "
        "WHERE id = ?",
        [
            report.new,
            report.updated,
            report.duplicates,
            len(report.skipped),
            report.furniture,
            batch_id,
        ],
    )
    queue_for_index(library, report.ids)
    report.batch_id = batch_id
    label = f"Import {plural(report.new, 'paper')} from {Path(source.name).name or 'pasted text'}"
    history.record(library, label, journal, kind="import", batch=batch_id)
    if progress:
        progress(source.size, source.size)


def _restore_extras(
    library: Library,
    journal: Journal,
    source: Source,
    importer: Importer,
    report: ImportReport,
    batch_id: int,
) -> None:
    """What an input holds beyond papers (a Papershelf export: tags, notes, highlights, reading
    history), put on the papers this batch made or matched by the importer's ``restore``,
    through the import's journal; a duplicate that gained something counts as updated."""
    restore = getattr(importer, "restore", None)
    if restore is None:
        return
    gained = restore(library, journal, source, batch_id) - set(report.ids)
    report.updated += len(gained)
    report.duplicates -= len(gained)
    report.ids += sorted(gained)


def _refusal(source: Source, report: ImportReport) -> ImportRefused:
    first = report.refusing[0]
    more = len(report.refusing) - 1
    others = f" (and {more} more)" if more else ""
    readable = report.new + report.updated + report.duplicates
    return ImportRefused(
        source.name,
        f"{first.reason.rstrip('.')}{others}; nothing was imported: fix the file, or import the "
        f"{plural(readable, 'readable paper')} with --keep-valid.",
        line=first.line,
    )


def _no_papers_reason(report: ImportReport) -> str:
    if report.skipped:
        first = report.skipped[0]
        return f"no paper could be read (line {first.line}: {first.reason})."
    if report.furniture:
        return (
            f"no papers recognised in it ({report.furniture} lines of page text, none of them "
            "a title followed by an abstract)."
        )
    return "no papers recognised in it."

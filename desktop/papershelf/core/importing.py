"""Importing a source into the library as one batch (design §5 and §6).

The session parses, matches each record against the library (DOI, arXiv id, PubMed id, then
normalised title with year), inserts what is new and fills empty fields of what matched, all
inside one transaction. A dry run is the same work rolled back, so a preview's counts are
exactly what the import will do. Duplicates inside one dump are found the same way, because
the dump's earlier papers are already in the (uncommitted) tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papershelf.core import importers
from papershelf.core.errors import Cancelled, ImportRefused
from papershelf.core.importers import Importer, Source
from papershelf.core.library import Library, now
from papershelf.core.operations import add_tag, clean_tag, queue_for_index
from papershelf.core.records import FILLABLE, Record, Skip
from papershelf.core.textutil import title_key

Progress = Callable[[int, int], None]  # (records seen, total bytes or 0) -> None
LIST_FIELDS = ("authors", "links", "keywords")


class _DryRun(Exception):
    """Raised inside the transaction to roll a preview back."""


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

    def summary(self) -> str:
        """The one line the CLI prints."""
        return (
            f"{self.new} new, {self.updated} updated, {self.duplicates} duplicates, "
            f"{len(self.skipped)} skipped"
        )

    def as_json(self) -> dict[str, Any]:
        """The report as the CLI's --json prints it."""
        return {
            "format": self.format,
            "new": self.new,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "skipped": [{"line": s.line, "reason": s.reason} for s in self.skipped],
            "ids": self.ids,
            "batch": self.batch_id,
            "dry_run": self.dry_run,
        }


def open_source(
    path: str | Path | None = None,
    *,
    text: str | None = None,
    data: bytes | None = None,
    name: str | None = None,
) -> Source:
    """A source from a path, text or bytes, refusing unreadable input before any write."""
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
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import every record of ``source`` as one batch; all or nothing."""
    tag = clean_tag(tag) if tag else None
    report = ImportReport(source.name, importer.name, importer.label, dry_run=dry_run)
    try:
        with library.transaction():
            _run(library, source, importer, report, tag, progress, cancelled)
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
    records = 0
    for item in importer.parse(source):
        if isinstance(item, Skip):
            report.skipped.append(item)
            continue
        records += 1
        if cancelled and records % 200 == 0 and cancelled():
            raise Cancelled
        if progress and records % 500 == 0:
            progress(records, source.size)
        _take(library, item.cleaned(), batch_id, stamp, report)
    if not records:
        raise ImportRefused(source.name, _no_papers_reason(report))
    if tag and report.ids:
        add_tag(library, report.ids, tag)
    library.conn.execute(
        "UPDATE batches SET new = ?, updated = ?, duplicates = ?, skipped = ? WHERE id = ?",
        [report.new, report.updated, report.duplicates, len(report.skipped), batch_id],
    )
    queue_for_index(library, report.ids)
    report.batch_id = batch_id
    if progress:
        progress(records, source.size)


def _no_papers_reason(report: ImportReport) -> str:
    if report.skipped:
        first = report.skipped[0]
        return f"no paper could be read (line {first.line}: {first.reason})."
    return "no papers recognised in it."


def _take(
    library: Library, record: Record, batch_id: int, stamp: str, report: ImportReport
) -> None:
    if not record.title:
        report.skipped.append(Skip(record.line, "a record without a title"))
        return
    match = find_match(library, record)
    if match is None:
        report.ids.append(_insert(library, record, batch_id, stamp))
        report.new += 1
    elif _fill(library, match, record, stamp):
        report.updated += 1
        report.ids.append(match["id"])
    else:
        report.duplicates += 1


def find_match(library: Library, record: Record) -> dict[str, Any] | None:
    """The library paper this record is, by the strongest identifier both have (design §5)."""
    cursor = library.conn.cursor()
    cursor.row_factory = sqlite3.Row
    for column in ("doi", "arxiv_id", "pmid"):
        value = getattr(record, column)
        if value:
            row = cursor.execute(f"SELECT * FROM papers WHERE {column} = ?", [value]).fetchone()
            if row:
                return dict(row)
    rows = cursor.execute(
        "SELECT * FROM papers WHERE title_key = ? ORDER BY id", [title_key(record.title)]
    ).fetchall()
    for row in rows:
        paper = dict(row)
        if record.year is None or paper["year"] is None or paper["year"] == record.year:
            if not _conflicting_ids(paper, record):
                return paper
    return None


def _conflicting_ids(paper: dict[str, Any], record: Record) -> bool:
    """Two different DOIs (or arXiv / PubMed ids) mean two papers, whatever their titles."""
    return any(
        paper[c] and getattr(record, c) and paper[c] != getattr(record, c)
        for c in ("doi", "arxiv_id", "pmid")
    )


def _insert(library: Library, record: Record, batch_id: int, stamp: str) -> int:
    values = _columns(record)
    values.update(
        title=record.title,
        title_key=title_key(record.title),
        batch_id=batch_id,
        added=stamp,
        updated=stamp,
    )
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = library.conn.execute(
        f"INSERT INTO papers ({names}) VALUES ({marks})", list(values.values())
    )
    return int(cursor.lastrowid)


def _columns(record: Record) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in FILLABLE:
        value = getattr(record, name)
        values[name] = json.dumps(value, ensure_ascii=False) if name in LIST_FIELDS else value
    return values


def _fill(library: Library, paper: dict[str, Any], record: Record, stamp: str) -> bool:
    """Fill the paper's empty bibliographic fields from the record; never touch user data."""
    changes: dict[str, Any] = {}
    for name, value in _columns(record).items():
        if value in (None, "", "[]"):
            continue
        if paper[name] in (None, "", "[]"):
            changes[name] = value
    for name in ("doi", "arxiv_id", "pmid"):
        if (
            name in changes
            and library.conn.execute(
                f"SELECT 1 FROM papers WHERE {name} = ?", [changes[name]]
            ).fetchone()
        ):
            del changes[name]  # another paper already has it; keep them apart
    if not changes:
        return False
    sets = ", ".join(f"{name} = ?" for name in changes)
    library.conn.execute(
        f"UPDATE papers SET {sets}, updated = ?, rev = rev + 1 WHERE id = ?",
        [*changes.values(), stamp, paper["id"]],
    )
    return True

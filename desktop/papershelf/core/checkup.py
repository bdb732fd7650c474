"""Checking a library through and through, and repairing what can be repaired.

``check`` reads only (it works on a read-only library): SQLite's own integrity check, the
foreign keys (rows whose paper or batch is gone), whether the full-text index can be read and
holds what the library holds (papers on the index queue are not yet in it: no damage), and
whether every backup can be read. Each problem says what it is in one sentence and whether
``repair`` can fix it: orphaned rows are deleted (a paper whose batch is gone keeps the paper),
the index is rebuilt, damaged SQLite indexes are rebuilt with ``REINDEX``, an unreadable backup
is moved to ``backups/damaged/`` (kept, never deleted), what an interrupted backup left is
removed. A library file whose tables are damaged cannot be repaired in place: the problem
names the newest backup and the command that restores it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from papershelf.core import backup, fulltext, location
from papershelf.core.errors import PapershelfError
from papershelf.core.index import INDEX_DAMAGE
from papershelf.core.library import Library, shell_word
from papershelf.core.operations import plural
from papershelf.core.session import Shelf

Progress = Callable[[int, int], None]

# What a damaged SQLite index (not a table) looks like in integrity_check's messages:
# REINDEX rebuilds those from the tables.
_INDEX_ONLY = ("missing from index", "wrong # of entries in index", "non-unique entry in index")


@dataclass(frozen=True)
class Problem:
    """One thing wrong: what (``kind``), said in one sentence, and whether repair fixes it."""

    kind: str
    text: str
    repairable: bool
    detail: tuple = ()


@dataclass
class Report:
    """What a check found."""

    papers: int = 0
    backups: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # states that mend themselves

    @property
    def summary(self) -> str:
        """The one line an all-clear prints."""
        return (
            f"{plural(self.papers, 'paper')}, library and index agree, "
            f"{plural(self.backups, 'backup')} readable"
        )


def check(shelf: Shelf) -> Report:
    """Everything that can be wrong with the library, its index and its backups."""
    library = shelf.library
    report = Report(papers=library.count_all())
    where = location.warning(library.folder)
    if where:
        report.warnings.append(where)
    if not fulltext.fast():
        report.warnings.append(fulltext.unsupported(fulltext.installed()))
    report.problems += _integrity(shelf)
    report.problems += _orphans(library.conn)
    report.problems += _index(shelf, report)
    report.problems += _backups(library, report)
    return report


def _backups(library: Library, report: Report) -> list[Problem]:
    problems = []
    found = backup.backups(library.folder)
    unreadable = []
    for made in found:
        try:
            backup.check_readable(made.path)
        except PapershelfError:
            unreadable.append(made.path)
    report.backups = len(found) - len(unreadable)
    leftovers = backup.unfinished(library.folder)
    if leftovers:
        size = sum(p.stat().st_size for p in leftovers if p.exists()) / 1e6
        problems.append(
            Problem(
                "unfinished",
                f"{plural(len(leftovers), 'file')} of an interrupted backup take {size:.1f} MB "
                "in backups/.",
                True,
            )
        )
    if unreadable:
        names = ", ".join(p.name for p in unreadable[:3]) + (" …" if len(unreadable) > 3 else "")
        problems.append(
            Problem(
                "backups",
                f"{plural(len(unreadable), 'backup')} cannot be read: {names}.",
                True,
                tuple(unreadable),
            )
        )
    return problems


def _integrity(shelf: Shelf) -> list[Problem]:
    rows = [r[0] for r in shelf.library.conn.execute("PRAGMA integrity_check(20)")]
    if rows == ["ok"]:
        return []
    if all(any(marker in row for marker in _INDEX_ONLY) for row in rows):
        return [
            Problem(
                "sqlite-index",
                f"The library file's own indexes are damaged ({rows[0]}).",
                True,
            )
        ]
    newest = backup.newest(shelf.library.folder)
    if newest is None:
        remedy = "it has no backups; copy what `papershelf export --format json` still reads"
    else:
        remedy = (
            f"restore its newest backup with `papershelf --library "
            f"{shell_word(shelf.library.folder)} restore {shell_word(newest.path)} --yes`"
        )
    return [Problem("sqlite", f"The library file is damaged ({rows[0]}); {remedy}.", False)]


def _orphans(conn: sqlite3.Connection) -> list[Problem]:
    problems = []
    orphaned: dict[str, int] = {}
    for table, _rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        key = f"{table}→{parent}"
        orphaned[key] = orphaned.get(key, 0) + 1
    for key, count in sorted(orphaned.items()):
        table, parent = key.split("→")
        problems.append(
            Problem(
                "orphans",
                f"{plural(count, 'row')} in {table} point to {parent} that are gone.",
                True,
                (table, parent),
            )
        )
    return problems


def _index(shelf: Shelf, report: Report) -> list[Problem]:
    # An index behind the library is no damage: the queue says what it lacks (papers new or
    # changed, papers gone), and the next search takes it in. Damage is what the queue does
    # not explain, or an index that cannot be read.
    index = shelf.index
    reason = index.unusable_reason()
    if reason == "the index was missing":
        report.notes.append(
            "The full-text index has not been built yet; the next search builds it."
        )
        return []
    if reason:
        return [Problem("index", _sentence(reason), True)]
    try:
        differences = index.differences(queued_too=False)
    except INDEX_DAMAGE as exc:
        return [Problem("index", f"The index could not be read ({exc}).", True)]
    queued = index.queued()
    if queued:
        report.notes.append(
            f"{plural(queued, 'paper')} wait to be taken into the index; the next search "
            "takes them in."
        )
    return [Problem("index", _sentence(d), True) for d in differences]


def _sentence(text: str) -> str:
    """ "the index was missing" as a sentence of its own."""
    return f"{text[0].upper()}{text[1:]}."


def repair(shelf: Shelf, report: Report, progress: Progress | None = None) -> list[str]:
    """Fix what ``report`` found that can be fixed; what was done, one line each."""
    library = shelf.library
    done = []
    kinds = {p.kind for p in report.problems if p.repairable}
    if "sqlite-index" in kinds:
        with library.transaction():
            library.conn.execute("REINDEX")
        done.append("rebuilt the library file's indexes")
    if "orphans" in kinds:
        removed = _remove_orphans(library)
        done.append(f"removed {plural(removed, 'orphaned row')}")
    if "unfinished" in kinds:
        files = backup.remove_unfinished(library.folder)
        done.append(f"removed {plural(len(files), 'file')} of an interrupted backup")
    for path in (path for p in report.problems if p.kind == "backups" for path in p.detail):
        moved = backup.set_aside_unreadable(path)
        done.append(f"moved the unreadable backup {path.name} to {moved.parent}")
    if "index" in kinds or "orphans" in kinds:
        count = shelf.index.rebuild(progress)  # it waits for the index lock
        done.append(f"rebuilt the index ({plural(count, 'paper')})")
    return done


def _remove_orphans(library: Library) -> int:
    removed = 0
    with library.transaction():
        conn = library.conn
        pairs = {
            (table, parent)
            for table, _rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check")
        }
        for table, parent in sorted(pairs):
            for key in conn.execute(f"PRAGMA foreign_key_list({table})"):
                if key[2] != parent:
                    continue
                column, target = key[3], key[4] or "rowid"
                gone = (  # names from the schema itself, not from input
                    f"{column} IS NOT NULL AND {column} NOT IN (SELECT {target} FROM {parent})"
                )
                if table == "papers":  # keep the paper, forget its batch
                    sql = f"UPDATE papers SET {column} = NULL WHERE {gone}"
                else:
                    sql = f"DELETE FROM {table} WHERE {gone}"
                removed += conn.execute(sql).rowcount
        removed += conn.execute(
            "DELETE FROM index_queue WHERE paper_id NOT IN (SELECT id FROM papers)"
        ).rowcount
    return removed

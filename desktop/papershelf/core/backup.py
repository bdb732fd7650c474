"""Backups of the library: consistent snapshots in ``backups/``, kept by a rotation.

A snapshot is taken with SQLite's backup API, so it is consistent while the window and the
command line write; it is written to a temporary name and renamed, so a killed backup leaves
no half file among the good ones. Snapshots are taken at most once a day when the library
changed (``daily``), before every schema upgrade (``before-upgrade``), before every restore
(``before-restore``) and when asked (``manual``). The daily ones are kept by a rotation (the
newest of each of the last 7 days, 4 weeks and 6 months); of the others the newest few.

A restore copies a snapshot back into the library through the same API: one step, which the
other processes on the library see as one change. The index is then rebuilt by itself.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from papershelf.core.errors import LibraryError, PapershelfError
from papershelf.core.lock import IndexLock

if TYPE_CHECKING:
    from papershelf.core.library import Library

FOLDER = "backups"
DAILY, MANUAL, BEFORE_UPGRADE, BEFORE_RESTORE = (
    "daily",
    "manual",
    "before-upgrade",
    "before-restore",
)
KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 7, 4, 6
KEEP_OTHERS = 5  # of each reason but daily
_NAME = re.compile(r"^library-(\d{8}T\d{6}\d{6})Z-([a-z-]+)\.sqlite$")
_STAMP = "%Y%m%dT%H%M%S%f"


@dataclass(frozen=True)
class Backup:
    """One snapshot file."""

    path: Path
    taken: datetime  # UTC
    reason: str
    size: int

    @property
    def when(self) -> str:
        """When it was taken, in local time, to the minute."""
        return self.taken.astimezone().strftime("%Y-%m-%d %H:%M")

    def papers(self) -> int | None:
        """How many papers it holds (None: it cannot be read)."""
        try:
            with closing(_open_read_only(self.path)) as conn:
                return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
        except sqlite3.DatabaseError:
            return None

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "taken": self.taken.isoformat(),
            "reason": self.reason,
            "bytes": self.size,
            "papers": self.papers(),
        }


def folder_of(library_folder: Path) -> Path:
    """Where a library keeps its backups."""
    return Path(library_folder) / FOLDER


def backups(library_folder: Path) -> list[Backup]:
    """The library's snapshots, newest first (files not named as snapshots are left out)."""
    found = []
    try:
        entries = list(folder_of(library_folder).iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path, taken, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def newest(library_folder: Path) -> Backup | None:
    """The newest snapshot, if any."""
    found = backups(library_folder)
    return found[0] if found else None


def snapshot(library: Library, reason: str = MANUAL) -> Backup:
    """Copy the library, consistently, into a new snapshot; then apply the rotation."""
    if library.read_only:
        raise LibraryError(
            f"The library {library.folder} is on a read-only medium: no backup can be written "
            f"beside it; copy {library.db_path} somewhere else to keep one."
        )
    target_dir = folder_of(library.folder)
    try:
        target_dir.mkdir(exist_ok=True)
    except OSError as exc:
        raise LibraryError(
            f"The backups folder {target_dir} cannot be made ({exc.strerror})."
        ) from exc
    remove_unfinished(library.folder)
    taken = datetime.now(UTC)
    path = target_dir / f"library-{taken.strftime(_STAMP)}Z-{reason}.sqlite"
    partial = path.with_suffix(".partial")
    try:
        dest = sqlite3.connect(partial)
        try:
            library.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        partial.replace(path)
    except (OSError, sqlite3.OperationalError) as exc:
        partial.unlink(missing_ok=True)
        raise LibraryError(
            f"The backup could not be written to {target_dir} ({exc}); free some space "
            "and try again."
        ) from exc
    rotate(library.folder, now=taken)
    return Backup(path, taken, reason, path.stat().st_size)


def daily(library: Library) -> Backup | None:
    """A daily snapshot if the newest is a day old and the library changed since."""
    if library.read_only:
        return None  # it cannot change, nor have a backup written beside it
    last = next((b for b in backups(library.folder) if b.reason == DAILY), None)
    if last is not None and datetime.now(UTC) - last.taken < timedelta(days=1):
        return None
    if last is not None and _history_stamp(library) == library.meta("backup_stamp"):
        return None  # nothing changed since
    made = snapshot(library, DAILY)
    with library.transaction():
        library.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('backup_stamp', ?)",
            [_history_stamp(library)],
        )
    return made


def _history_stamp(library: Library) -> str:
    """Changes since a backup show in the history (every action is recorded there)."""
    row = library.conn.execute(
        "SELECT count(*), coalesce(max(id), 0), coalesce(sum(undone), 0) FROM history"
    ).fetchone()
    count = library.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    return f"{row[0]}:{row[1]}:{row[2]}:{count}"


def rotate(library_folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete the snapshots the rotation no longer keeps; returns them."""
    now = now or datetime.now(UTC)
    found = backups(library_folder)
    keep: set[Path] = set()
    dailies = [b for b in found if b.reason == DAILY]
    for span, count in ((timedelta(days=1), KEEP_DAYS), (timedelta(weeks=1), KEEP_WEEKS),
                        (timedelta(days=30), KEEP_MONTHS)):  # fmt: skip
        for n in range(count):
            start, end = now - span * (n + 1), now - span * n
            in_span = [b for b in dailies if start < b.taken <= end]
            if in_span:
                keep.add(in_span[0].path)  # the newest of that day, week or month
    for reason in {b.reason for b in found} - {DAILY}:
        keep.update(b.path for b in [x for x in found if x.reason == reason][:KEEP_OTHERS])
    gone = [b.path for b in found if b.path not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


UNFINISHED_AGE = timedelta(minutes=10)  # older than any backup still being written


def unfinished(library_folder: Path, now: datetime | None = None) -> list[Path]:
    """Files a killed backup left in backups/ (``.partial``, its journal), older than any
    backup another process may be writing now."""
    folder = folder_of(library_folder)
    if not folder.is_dir():
        return []
    now = now or datetime.now(UTC)
    found = []
    for path in folder.iterdir():
        if ".partial" not in path.name or not path.is_file():
            continue
        try:
            changed = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            continue
        if now - changed > UNFINISHED_AGE:
            found.append(path)
    return sorted(found)


def remove_unfinished(library_folder: Path) -> list[Path]:
    """Delete what ``unfinished`` finds (it holds no backup: a whole one is renamed)."""
    removed = []
    for path in unfinished(library_folder):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def check_readable(path: Path) -> int:
    """Whether a file is a readable Papershelf library; how many papers it holds."""
    path = Path(path)
    if os.path.isdir(path):  # os.path: a name too long is no file, not an OSError
        raise PapershelfError(
            f"{path} is a folder; give one of the files `papershelf backups` lists."
        )
    if not os.path.isfile(path):
        raise PapershelfError(f"{path}: no such file; `papershelf backups` lists the backups.")
    try:
        with closing(_open_read_only(path)) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                raise PapershelfError(f"{path} is damaged ({ok}); choose another backup.")
            return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc):  # a library file, but broken: not "not a library"
            raise PapershelfError(f"{path} is damaged ({exc}); choose another backup.") from exc
        raise PapershelfError(
            f"{path} is not a Papershelf library ({exc}); choose one `papershelf backups` lists."
        ) from exc


def restore(library: Library, path: Path) -> Backup:
    """Put a snapshot's contents in place of the library's (a snapshot of the library as it
    is now is taken first); the index is set aside to be rebuilt. Returns that snapshot."""
    path = Path(path)
    check_readable(path)
    before = snapshot(library, BEFORE_RESTORE)
    source = _open_read_only(path)
    try:
        source.backup(library.conn)  # one step: other connections see it whole
    except sqlite3.OperationalError as exc:
        raise LibraryError(
            f"The library could not be restored from {path} ({exc}); it is as it was."
        ) from exc
    finally:
        source.close()
    from papershelf.core.schema import migrations

    migrations.apply(library.db)  # a backup made before an upgrade
    library.library_id = library.meta("library_id")  # the backup's own, which its index bears
    _set_index_aside(library)
    return before


def set_aside_damaged(library_folder: Path) -> Path:
    """Move a library file SQLite cannot read (with its -wal and -shm) out of the way, so
    that a backup can take its place; it is kept, never deleted. Returns where it went."""
    from papershelf.core.library import DB_NAME

    db_path = Path(library_folder) / DB_NAME
    stamp = datetime.now(UTC).strftime(_STAMP)
    aside = db_path.with_name(f"library-damaged-{stamp}.sqlite")
    for suffix in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    db_path.rename(aside)
    return aside


def set_aside_unreadable(path: Path) -> Path:
    """Move a backup that cannot be read to backups/damaged/ (kept: it may still hold
    something). Returns its new path."""
    damaged = Path(path).parent / "damaged"
    damaged.mkdir(exist_ok=True)
    moved = damaged / Path(path).name
    Path(path).rename(moved)
    return moved


def _set_index_aside(library: Library) -> None:
    """The index describes the library as it was: drop it (under the index lock) so the next
    look at it rebuilds it."""
    lock = IndexLock(library.folder)
    lock.acquire(timeout=60)
    try:
        old = library.index_dir.with_name("index.old")
        if library.index_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            library.index_dir.rename(old)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        lock.release()


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)

"""The library: a folder holding ``library.sqlite`` (the truth) and ``index/`` (derived).

SQLite is opened with WAL and foreign keys on; a library whose schema is behind is brought up
to date by ``schema.migrations`` on open. Writes go through sqlite-utils (``Library.db``,
made on first use); reads go straight to the connection, skipping sqlite-utils' per-query
savepoint, and opening a library that is up to date needs no sqlite-utils at all: the window
shows its first list before sqlite-utils (and the numpy it imports) is loaded.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papershelf.core import schema_steps
from papershelf.core.errors import LibraryBusy, LibraryError, NotFound, WriteFailed
from papershelf.core.lock import WindowLock

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_NAME = "library.sqlite"
LIVE = "trashed IS NULL"  # papers not in the trash: every view, count and search
JSON_COLUMNS = ("authors", "links", "keywords")


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds, which sorts as text."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


BUSY_MS = 10_000  # how long a write waits for another process's transaction


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to ``path`` with the pragmas every connection needs (sqlite-utils' own
    among them: triggers fire from triggers, as they do once a ``Database`` wraps it).

    ``read_only``: the library is on a medium this process cannot write (a mounted backup, a
    read-only share): opened immutable, so SQLite needs neither a write-ahead log nor a lock.
    """
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, check_same_thread=True)
    conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB: bulk imports stay in memory
    return conn


class Library:
    """An open library folder: its SQLite database and the location of its index.

    Any number of processes may open one library; ``window=True`` also takes the window
    lock, so that a second window on it is refused.
    """

    def __init__(self, folder: Path, *, window: bool = False):
        self.folder = Path(folder)
        self.db_path = self.folder / DB_NAME
        self.index_dir = self.folder / "index"
        self.read_only = _read_only(self.folder, self.db_path)
        if not self.read_only:
            _ensure_writable_folder(self.folder)
        self._lock = WindowLock(self.folder) if window and not self.read_only else None
        if self._lock:
            self._lock.take()
        self._db: Database | None = None
        try:
            self._conn: sqlite3.Connection | None = connect(self.db_path, read_only=self.read_only)
            self._bring_up_to_date()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise LibraryError(damaged_message(self.folder, exc)) from exc
        except BaseException:  # refused (a newer Papershelf's): let go of the file and lock
            self.close()
            raise
        self.library_id = self.meta("library_id")

    def _bring_up_to_date(self) -> None:
        applied = schema_steps.applied(self.conn)
        unknown = [name for name in applied if name not in schema_steps.STEPS]
        if unknown:
            raise LibraryError(
                f"The library {self.folder} was upgraded by a newer Papershelf "
                f"({unknown[-1]}); open it with that version or newer."
            )
        pending = [name for name in schema_steps.STEPS if name not in applied]
        if self.read_only:
            if pending:
                raise LibraryError(
                    f"The library {self.folder} is read-only and was made by an older "
                    "Papershelf; copy it somewhere writable to open it."
                )
            return
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = wal")
        if not pending:
            return
        if self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            from papershelf.core import backup  # a library that exists: keep it as it was

            backup.snapshot(self, "before-upgrade")
        from papershelf.core.schema import migrations  # sqlite-utils: only when behind

        migrations.apply(self.db)

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database and release the lock."""
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
            self._conn = self._db = None
        if self._lock:
            self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another process's transaction before LibraryBusy (the
        window's own thread waits briefly, then hands the change to a background job)."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action: everything inside commits together or not at all.

        A write the disk refuses (full, read-only, failing) or another process's long write
        is one sentence (``WriteFailed``, ``LibraryBusy``); the library is as it was.
        """
        if self.read_only:
            raise WriteFailed(
                f"The library {self.folder} is on a read-only medium: it can be searched and "
                "exported, not changed."
            )
        try:
            with self._immediate():
                yield self.db
        except sqlite3.OperationalError as exc:
            self._shrink_log()
            raise _write_error(self.folder, exc) from exc
        except BaseException:
            self._shrink_log()
            raise

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        # BEGIN IMMEDIATE, not sqlite-utils' deferred BEGIN: an action reads before it writes,
        # and a deferred transaction that must become a writer while another process writes
        # fails at once (SQLITE_BUSY, the busy timeout unused); taking the write lock first
        # makes it wait its turn. Nested ones are savepoints, as in ``Database.atomic``.
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise

    def _shrink_log(self) -> None:
        """After a rolled-back write, give the disk back what the log grew by (a failed
        import of thousands of papers leaves megabytes of frames no one will read)."""
        wal = self.db_path.with_name(DB_NAME + "-wal")
        try:
            if wal.stat().st_size > 16 * 1024 * 1024:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (OSError, sqlite3.OperationalError):
            pass  # no log, or the disk still refuses: the next write tries again

    @contextmanager
    def checkpoint_deferred(self) -> Iterator[None]:
        """Commit without copying the write-ahead log into the database file.

        A commit that fills the log past 1000 pages also checkpoints it, in the committing
        call: 0.9 s of a 75k-paper import's 1.5 s commit. The import is durable once its
        commit is in the log; the next transaction (the index catching up) checkpoints.
        """
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA wal_autocheckpoint = 1000")

    # -- reads -------------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """The raw connection, for hot read paths."""
        if self._conn is None:
            raise LibraryError(f"The library {self.folder} is closed.")
        return self._conn

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database``, for writes (made on first use)."""
        if self._db is None:
            from sqlite_utils import Database  # noqa: PLC0415 - not needed to open or read

            self._db = Database(self.conn)
        return self._db

    def meta(self, key: str) -> str | None:
        """A value from the library's metadata table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        """How many papers the library holds outside the trash."""
        return self.conn.execute(f"SELECT count(*) FROM papers WHERE {LIVE}").fetchone()[0]

    def count_all(self) -> int:
        """How many papers the library holds, the trash's included (as the index does)."""
        return self.conn.execute("SELECT count(*) FROM papers").fetchone()[0]

    def trash_count(self) -> int:
        """How many papers are in the trash."""
        return self.conn.execute(
            "SELECT count(*) FROM papers WHERE trashed IS NOT NULL"
        ).fetchone()[0]

    def trashed_ids(self) -> set[int]:
        """The papers in the trash (few: read through their partial index)."""
        return {r[0] for r in self.conn.execute("SELECT id FROM papers WHERE trashed IS NOT NULL")}

    def paper(self, paper_id: int) -> dict[str, Any]:
        """One paper with its tags, or NotFound."""
        found = self.papers([paper_id])
        if not found:
            raise NotFound(f"There is no paper with id {paper_id}; `papershelf search` lists them.")
        return found[0]

    def papers(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """Papers by id, in the order given, each with its tags; unknown ids are left out."""
        ids = list(ids)
        if not ids:
            return []
        rows = self.conn.execute(
            "SELECT * FROM papers WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )
        by_id = {row["id"]: _decode(row) for row in _dicts(rows)}
        tags = self.tags_of(by_id)
        for paper_id, paper in by_id.items():
            paper["tags"] = tags.get(paper_id, [])
        return [by_id[i] for i in ids if i in by_id]

    def tags_of(self, ids: Iterable[int]) -> dict[int, list[str]]:
        """The tags of each paper, sorted by name."""
        rows = self.conn.execute(
            "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE pt.paper_id IN (SELECT value FROM json_each(?)) ORDER BY t.name COLLATE NOCASE",
            [json.dumps(list(ids))],
        )
        result: dict[int, list[str]] = {}
        for paper_id, name in rows:
            result.setdefault(paper_id, []).append(name)
        return result

    def existing_ids(self, ids: Iterable[int]) -> set[int]:
        """Which of these ids are papers in the library."""
        rows = self.conn.execute(
            "SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(ids))],
        )
        return {row[0] for row in rows}

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with how many papers carry it, by name."""
        return self.conn.execute(
            "SELECT t.name, count(p.id) FROM tags t "
            "LEFT JOIN paper_tags pt ON pt.tag_id = t.id "
            "LEFT JOIN papers p ON p.id = pt.paper_id AND p.trashed IS NULL GROUP BY t.id "
            "ORDER BY t.name COLLATE NOCASE"
        ).fetchall()

    def tag_names(self) -> list[str]:
        """Every tag's name, by name (what completion offers; no counting)."""
        return [
            row[0]
            for row in self.conn.execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")
        ]

    def status_counts(self) -> dict[str, int]:
        """How many papers have each read status."""
        counts = dict.fromkeys(("unread", "reading", "read"), 0)
        # From the (status, trashed) index alone; left to itself the planner takes the
        # (trashed, added) one and sorts 75,000 rows to group them.
        for status, n in self.conn.execute(
            f"SELECT status, count(*) FROM papers INDEXED BY papers_status WHERE {LIVE} "
            "GROUP BY status"
        ):
            counts[status] = n
        return counts

    def status_history(self, paper_id: int) -> list[tuple[str, str]]:
        """Each change of a paper's read status: (status, when), oldest first."""
        return self.conn.execute(
            "SELECT status, at FROM status_history WHERE paper_id = ? ORDER BY at, id",
            [paper_id],
        ).fetchall()

    def batches(self) -> list[dict[str, Any]]:
        """Import batches, newest first."""
        return list(_dicts(self.conn.execute("SELECT * FROM batches ORDER BY id DESC")))


def _dicts(rows: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """Each row of a query as a dict of its columns."""
    columns = [d[0] for d in rows.description]
    for row in rows:
        yield dict(zip(columns, row, strict=True))


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for column in JSON_COLUMNS:
        row[column] = json.loads(row[column])
    return row


_FULL = ("database or disk is full", "disk is full")
_READ_ONLY = ("attempt to write a readonly database", "readonly database")
_IO = ("disk i/o error",)
_BUSY = ("database is locked", "database is busy", "database table is locked")


def _write_error(folder: Path, exc: sqlite3.OperationalError) -> Exception:
    """The sentence for a write SQLite refused; an error that is none of these is a bug."""
    text = str(exc).casefold()
    if any(m in text for m in _BUSY):
        return LibraryBusy(
            "Another Papershelf is writing to the library (an import?); nothing was changed: "
            "try again when it has finished."
        )
    for marks, why, fix in (
        (_FULL, "the disk is full", "free some space"),
        (_READ_ONLY, "its file is read-only", "make library.sqlite writable"),
        (_IO, "the disk reported an error", "check the disk"),
    ):
        if any(m in text for m in marks):
            return WriteFailed(
                f"The library {folder} could not be written ({why}); nothing was changed: "
                f"{fix} and try again."
            )
    return exc


def damaged_message(folder: Path, exc: Exception) -> str:
    """What to say of a library file SQLite cannot read: the newest backup, the command."""
    from papershelf.core import backup

    newest = backup.newest(folder)
    if newest is None:
        return (
            f"{folder / DB_NAME} cannot be opened as a Papershelf library ({exc}), and it has "
            "no backups; choose another folder with --library."
        )
    return (
        f"{folder / DB_NAME} cannot be opened as a Papershelf library ({exc}); its newest "
        f"backup is from {newest.when}: restore it with `papershelf --library "
        f"{shell_word(folder)} restore {shell_word(newest.path)} --yes`."
    )


def shell_word(path: Path) -> str:
    """A path as a command to paste into a shell must write it (quoted if it needs to be)."""
    text = str(path)
    if os.name == "nt":
        return f'"{text}"' if any(c in text for c in " &()[]{}^=;!+,`~") else text
    return shlex.quote(text)


def _read_only(folder: Path, db_path: Path) -> bool:
    """Whether an existing library can only be read (a read-only medium, a read-only file)."""
    if not os.path.isfile(db_path):  # never raises (a name too long: no library)
        return False
    return not os.access(folder, os.W_OK) or not os.access(db_path, os.W_OK)


def _ensure_writable_folder(folder: Path) -> None:
    """Create the library folder if needed; refuse with one sentence if it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass  # a file of that name: said below
    except OSError as exc:
        raise LibraryError(
            f"The library folder {folder} cannot be created ({exc.strerror}); "
            "choose another with --library."
        ) from exc
    if not folder.is_dir():
        raise LibraryError(
            f"The library path {folder} is not a folder; choose another with --library."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LibraryError(
            f"The library folder {folder} is not writable; fix its permissions or choose "
            "another with --library."
        )

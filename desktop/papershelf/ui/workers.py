"""Background threads: one answers list and search requests, one keeps the index in step.

SQLite connections and Whoosh searchers belong to the thread that opened them, so each worker
opens its own ``Library`` on the same folder and its own ``SearchIndex``. The search thread only
reads; the index thread writes the index when it holds the index lock (another process, the
command line, may hold it: then it tries again a second later). After the index changes, the
search thread reopens its index.

Failures the user can do something about (a full disk, an index being swapped) are said in
one sentence; anything else is a bug and escapes, to reach the crash dialog on the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from papershelf.core.errors import PapershelfError
from papershelf.core.hits import paper_snippet
from papershelf.core.library import Library
from papershelf.core.listing import View, texts
from papershelf.core.session import Shelf
from papershelf.ui.signals import emit

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed (thread-safe)."""
    return QCoreApplication.translate("Workers", text)


@dataclass(frozen=True)
class ListRequest:
    """What the list should show: a view, the search text and the column order."""

    seq: int
    view: View
    text: str = ""
    column: str = "added"
    descending: bool = True
    relevance: bool = True
    typing: bool = False  # the cursor is at the end of the last word: it may be half typed


@dataclass
class ListResult:
    """The ordered ids for a request, and what the search box should say."""

    seq: int
    ids: list[int]
    error: str | None = None
    words: list[str] = field(default_factory=list)
    relevance: bool = False
    suggestion: str | None = None  # the query with a misspelt word corrected
    replaced: tuple[str, str] | None = None  # (the word, its correction)
    terms: frozenset[str] = frozenset()  # the index terms found, for drawing hits
    completions: list[str] = field(default_factory=list)  # library words for the box
    elsewhere: int = 0  # papers the words find outside the view
    total: int | None = None  # papers outside the trash, counted in the worker's thread
    snippets: dict[int, tuple[str, list[tuple[int, int]]]] = field(default_factory=dict)


SNIPPETS_AHEAD = 60  # rows whose snippets the search's thread cuts (a screen and more)


def _first_snippets(
    library: Library, ids: list[int], terms: frozenset[str]
) -> dict[int, tuple[str, list[tuple[int, int]]]]:
    """The snippets of the first rows of a search's list, cut here, off the window's thread."""
    if not terms:
        return {}
    first = ids[:SNIPPETS_AHEAD]
    found = texts(library.conn, first)
    return {pid: paper_snippet(*found[pid], terms) for pid in first if pid in found}


def index_unready() -> tuple[type[BaseException], ...]:
    """What reading an index raises while it is not built yet, being replaced or damaged.

    Whoosh's own errors among them: imported here, by a worker thread meeting one, and not
    by the window's module (the window shows its first list before Whoosh is loaded)."""
    from whoosh.index import EmptyIndexError  # noqa: PLC0415

    from papershelf.core.index import INDEX_DAMAGE  # noqa: PLC0415

    return (EmptyIndexError, *INDEX_DAMAGE)


def index_missing() -> type[BaseException]:
    """What opening an index that is not built yet raises (see ``index_unready``)."""
    from whoosh.index import EmptyIndexError  # noqa: PLC0415

    return EmptyIndexError


def _overtaken() -> type[BaseException]:
    """What a search raises when a newer request overtakes it (see ``index_unready``)."""
    from papershelf.core.fulltext.ranking import Overtaken  # noqa: PLC0415

    return Overtaken


class ThreadShelf:
    """A worker thread's own library with its index and searcher, opened in that thread on
    first use (the index on its first use: a list with no words needs none)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.shelf: Shelf | None = None

    def get(self) -> Shelf:
        """The thread's shelf, opening its library on first use."""
        if self.shelf is None:
            self.shelf = Shelf(self.folder)
        return self.shelf

    def close_index(self) -> None:
        """Let the index go, so that the next search reads it as it is then."""
        if self.shelf is not None and "index" in self.shelf.__dict__:
            self.shelf.index.close()

    def close(self) -> None:
        """Close the index and the connection."""
        if self.shelf is not None:
            self.shelf.close()
        self.shelf = None


class SearchWorker(QObject):
    """Answers ListRequests in its thread; a request older than the newest one is skipped."""

    done = Signal(object)

    def __init__(self, folder: Path):
        super().__init__()
        self._opened = ThreadShelf(folder)
        self.latest = 0
        self._total: tuple[int, int] | None = None  # (data version, papers outside the trash)

    def _count(self, library: Library) -> int:
        """The papers outside the trash, counted again only after a write by another
        connection (this one never writes; counting 75k papers takes 10 ms)."""
        version = library.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._total is None or self._total[0] != version:
            self._total = (version, library.count())
        return self._total[1]

    @Slot(object)
    def run(self, request: ListRequest) -> None:
        """Compute the ids for ``request`` unless a newer request is waiting."""
        if request.seq < self.latest:
            return
        answer = self._answer(request)
        if answer is not None:
            emit(self.done, answer)
        self.warm()

    @Slot()
    def warm(self) -> None:
        """Load the full-text search (Whoosh, the library's words) before the first word is
        typed: read once, then a stat."""
        with contextlib.suppress(OSError):
            self._opened.get().index.vocabulary()

    def _answer(self, request: ListRequest) -> ListResult | None:
        """The request's list, composed by the core's one search; None when a newer request
        overtook it while it ran."""
        shelf = self._opened.get()
        library = shelf.library
        try:
            result = shelf.searcher.search(
                request.text,
                view=request.view,
                column=request.column,
                descending=request.descending,
                relevance=request.relevance,
                typing=request.typing,
                should_stop=lambda: request.seq < self.latest,
            )
        except _overtaken():
            return None
        except (index_missing(), OSError) as exc:  # not built yet, or being swapped
            log.info("search failed: %s", exc)
            return ListResult(request.seq, [], tr("The search index is being built; a moment…"))
        return ListResult(
            request.seq,
            result.ids,
            result.error,
            result.words,
            result.relevance,
            result.suggestion,
            result.replaced,
            result.terms,
            result.completions,
            result.elsewhere,
            self._count(library),
            _first_snippets(library, result.ids, result.terms),
        )

    @Slot()
    def reopen(self) -> None:
        """Drop the open index so the next search sees the latest one."""
        self._opened.close_index()

    @Slot()
    def shutdown(self) -> None:
        """Close everything this thread opened."""
        self._opened.close()


class IndexWorker(QObject):
    """Brings the full-text index up to date in its thread, reporting progress."""

    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)
    waiting = Signal()  # another process holds the index; tried again in a second

    RETRY_MS = 1000

    def __init__(self, folder: Path):
        super().__init__()
        self._opened = ThreadShelf(folder)
        self._retry: QTimer | None = None

    @Slot()
    def ensure(self) -> None:
        """Open, rebuild or catch the index up, whatever it needs; then let its files go."""
        from papershelf.core.index import BUSY  # noqa: PLC0415 - see index_unready

        try:
            index = self._opened.get().index
            outcome = index.ensure(lambda done, total: emit(self.progress, done, total), wait=0)
        except (PapershelfError, OSError) as exc:  # a full disk, an unreadable library
            said = tr("The index could not be updated ({error}); run `papershelf reindex`.")
            emit(self.failed, said.format(error=exc))
            return
        index.close()  # the search thread keeps its own reader; this one is not needed
        library = self._opened.get().library
        if not library.read_only:
            # The window's own connection never checkpoints (a key press would pay for
            # copying a command-line import's log into the file): it is done here, off the
            # UI thread, without waiting for readers.
            with contextlib.suppress(sqlite3.OperationalError):  # busy: the next time, then
                library.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        if outcome == BUSY:
            emit(self.waiting)
            if self._retry is None:
                self._retry = QTimer(self, singleShot=True, interval=self.RETRY_MS)
                self._retry.timeout.connect(self.ensure)
            self._retry.start()
            return
        emit(self.finished, outcome)

    @Slot()
    def shutdown(self) -> None:
        """Close everything this thread opened (its retry timer too: it lives here)."""
        if self._retry is not None:
            self._retry.stop()
            self._retry = None
        self._opened.close()


class ThreadWorker(Protocol):
    """What a WorkerThread runs: a QObject it can move to itself, which closes its files."""

    def moveToThread(self, thread: QThread, /) -> bool: ...  # noqa: N802 - QObject's

    def shutdown(self) -> None: ...


class WorkerThread(QThread):
    """A QThread that owns one worker object and closes it before it stops."""

    def __init__(self, worker: ThreadWorker, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.worker = worker
        worker.moveToThread(self)

    def stop(self) -> None:
        """Let the worker close its files, then end the thread and wait for it."""
        if self.isRunning():
            self.quit()
            self.wait()

    def run(self) -> None:
        """Run the event loop, then close the worker's files in this same thread."""
        self.exec()
        self.worker.shutdown()

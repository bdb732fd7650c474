""" "Related in your library": the papers most like the open one, under its detail pane.

The ranking (``core.similar.related``, tens of milliseconds at 75,000 papers) runs in a thread
of its own, which opens its own ``Library`` and ``SearchIndex`` on the folder (SQLite
connections and Whoosh searchers belong to their thread) and keeps them, so posting lists
read for one paper serve the next. Requests carry a number; a request older than the newest
is skipped, and an answer for a paper no longer shown is dropped. Before each answer the
thread reopens its index if another writer (the window's index thread, the command line)
changed it.

Titles come from files: the list shows them as plain text (a ``QListWidget`` item's text is
never rich text, and no tooltip repeats them). ``S`` (the "Related papers" action) moves the
keyboard into the list; j/k or the arrows move in it and Enter opens the paper, selecting it
in the paper list (showing every paper first if the view or search hides it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.display import readable_title
from papershelf.core.errors import NotFound, PapershelfError
from papershelf.core.listing import View
from papershelf.ui import plain
from papershelf.ui.signals import emit
from papershelf.ui.workers import ThreadShelf, WorkerThread, index_unready

log = logging.getLogger(__name__)

SHOWN = 10  # related papers listed
RETRY_MS = 2000  # while the index is not ready, ask again this often
ASK_AFTER_MS = 150  # the cursor rests this long on a paper before its related are sought
NOT_READY = "The search index is being built; related papers follow."  # shown translated
ID_ROLE = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Related", text)


@dataclass(frozen=True)
class RelatedRequest:
    """Which paper's related papers are wanted, and the request's number."""

    seq: int
    paper_id: int


@dataclass
class RelatedAnswer:
    """The related papers (id, line to show) for a request, or why there are none (``retry``:
    the index is not ready, ``problem`` is then ``NOT_READY``, untranslated)."""

    seq: int
    paper_id: int
    papers: list[tuple[int, str]] = field(default_factory=list)
    problem: str | None = None
    retry: bool = False


class RelatedWorker(QObject):
    """Answers RelatedRequests in its thread from its own library and index."""

    done = Signal(object)

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.latest = 0
        self._opened = ThreadShelf(folder)

    @Slot(object)
    def find(self, request: RelatedRequest) -> None:
        """Rank the papers like ``request.paper_id`` unless a newer request waits."""
        if request.seq < self.latest:
            return
        emit(self.done, self._answer(request))

    def _answer(self, request: RelatedRequest) -> RelatedAnswer:
        from papershelf.core import similar  # noqa: PLC0415 - numpy and Whoosh, in this thread

        answer = RelatedAnswer(request.seq, request.paper_id)
        try:
            shelf = self._opened.get()
            library, index = shelf.library, shelf.index
            with index.searcher() as searcher:
                if not searcher.up_to_date():
                    index.close()  # another writer changed it: read the new one
            found = similar.related(library, index, request.paper_id, SHOWN)
            papers = library.papers([s.id for s in found])
        except NotFound:  # the paper went meanwhile; the pane moves on
            return answer
        except index_unready() as exc:  # not built yet, or being replaced
            # expected while a new library's index is built: asked again, not worth a log line
            log.debug("related papers not ready: %s", exc)
            self._opened.close_index()
            answer.problem, answer.retry = NOT_READY, True
            return answer
        except PapershelfError as exc:
            answer.problem = str(exc)
            return answer
        answer.papers = [(p["id"], line(p)) for p in papers]
        return answer

    @Slot()
    def shutdown(self) -> None:
        """Close the index and the library (in the thread that opened them)."""
        self._opened.close()


def line(paper: dict[str, Any]) -> str:
    """A related paper as the list shows it: its title, and its year if known."""
    year = f"  ({paper['year']})" if paper.get("year") else ""
    return f"{readable_title(paper['title'])}{year}"


class RelatedList(QListWidget):
    """The related papers; keeps the keys it moves with (the window's j/k/arrows/Enter act
    on the paper list elsewhere) and reports the paper chosen with Enter or a double click."""

    chosen = Signal(int)

    OWN_KEYS = {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_J,
        Qt.Key.Key_K,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("relatedList")
        self.setAccessibleName(tr("Related papers"))
        self.setAccessibleDescription(tr("Papers most like this one; Enter opens one"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        # Titles are cut to the width (the tooltip has the whole title), never scrolled.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.itemActivated.connect(self._activated)

    def event(self, event: QEvent) -> bool:
        """Take this list's own keys before the window's shortcuts do."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and event.key() in self.OWN_KEYS:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """j/k move like the arrows; Enter opens the current paper."""
        key = event.key()
        if key in (Qt.Key.Key_J, Qt.Key.Key_K):
            step = 1 if key == Qt.Key.Key_J else -1
            row = max(0, min(self.count() - 1, self.currentRow() + step))
            self.setCurrentRow(row)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self._activated(item)
        else:
            super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """No type-ahead: letters are the window's actions."""

    def _activated(self, item: QListWidgetItem) -> None:
        emit(self.chosen, int(item.data(ID_ROLE)))


class RelatedPanel(QWidget):
    """ "Related in your library": a heading, a line saying what is happening, the list."""

    requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None):
        super().__init__(parent)
        self.setObjectName("relatedPanel")
        self.folder = folder
        self.heading = QLabel(tr("Related in your library"))
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight: 600; color: palette(text)")
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # it may quote an error
        self.note.setStyleSheet("color: palette(placeholder-text)")
        self.note.setWordWrap(True)
        self.list = RelatedList()
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.setSpacing(2)
        column.addWidget(self.heading)
        column.addWidget(self.note)
        column.addWidget(self.list, 1)
        self.paper_id: int | None = None
        self.shown_for: int | None = None  # the paper the list's items are for
        self._seq = 0
        self._worker: RelatedWorker | None = None
        self._closed = False
        self._watched: QWidget | None = None  # the window whose close is watched
        self._thread: WorkerThread | None = None
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._ask)
        # Not sought for every paper the cursor passes (j held down, a search being typed):
        # the worker's ranking would take the interpreter from the list's painting meanwhile.
        self._soon = QTimer(self, singleShot=True, interval=ASK_AFTER_MS)
        self._soon.timeout.connect(self._ask)

    # -- what is shown -----------------------------------------------------------------------

    def show_for(self, paper_id: int | None) -> None:
        """Show (in a moment) the papers related to ``paper_id``; None: nothing."""
        self.paper_id = paper_id
        self._retry.stop()
        self._soon.stop()
        self._watch_window()  # before the ask waits: the window may close meanwhile
        if paper_id is None:
            self._fill([])
            self._say("")
            return
        if paper_id != self.shown_for:
            self._fill([])
            self._say(tr("Finding related papers…"))
        self._soon.start()

    def _ask(self) -> None:
        worker = self._started()
        if worker is None or self.paper_id is None:
            self._say("")
            return
        self._seq += 1
        worker.latest = self._seq
        emit(self.requested, RelatedRequest(self._seq, self.paper_id))

    def _answered(self, answer: RelatedAnswer) -> None:
        if answer.seq != self._seq or answer.paper_id != self.paper_id:
            return  # for a paper no longer shown
        if answer.retry:
            self._retry.start()
        self.shown_for = answer.paper_id
        self._fill(answer.papers)
        if answer.problem:
            self._say(tr(answer.problem) if answer.retry else answer.problem)  # else: the core's
        elif not answer.papers:
            self._say(tr("No other paper in your library is like this one."))
        else:
            self._say("")

    def _fill(self, papers: list[tuple[int, str]]) -> None:
        current = self.list.currentItem()
        keep = current.data(ID_ROLE) if current is not None else None
        if [(i, t) for i, t in papers] == self.items():
            return  # unchanged: the list keeps its place
        self.list.clear()
        for paper_id, text in papers:
            item = QListWidgetItem(text)  # plain text: a title is never markup here
            item.setData(ID_ROLE, paper_id)
            item.setToolTip(plain.tooltip(text))  # escaped: shown as written
            self.list.addItem(item)
        rows = [i for i, (paper_id, _) in enumerate(papers) if paper_id == keep]
        if rows:
            self.list.setCurrentRow(rows[0])

    def items(self) -> list[tuple[int, str]]:
        """What the list shows: (paper id, line) per row."""
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            found.append((int(item.data(ID_ROLE)), item.text()))
        return found

    def _say(self, text: str) -> None:
        """The line above the list (hidden when there is nothing to say)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def focus_list(self) -> bool:
        """Put the keyboard in the list, its first paper current; False if it is empty."""
        if not self.list.count():
            return False
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    # -- the thread ------------------------------------------------------------------------

    def _started(self) -> RelatedWorker | None:
        """The worker, its thread started on first use (None without a library)."""
        if self._worker is not None:
            return self._worker
        if self._closed:
            return None
        folder = self.folder or library_folder(self)
        if folder is None:
            return None
        self.folder = folder
        self._worker = RelatedWorker(folder)
        self._thread = WorkerThread(self._worker, "papershelf-related", self)
        self.requested.connect(self._worker.find)
        self._worker.done.connect(self._answered)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._thread.start()
        return self._worker

    def _watch_window(self) -> None:
        """Closing the window stops the thread, and no later ask starts it again."""
        window = self.window()
        if window is not self and window is not self._watched:  # a pane placed anew: its
            window.installEventFilter(self)  # window now (filters on an old one are harmless)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Stop the thread when the window closes (before the window's own files close)."""
        if event.type() == QEvent.Type.Close:
            self.stop()
            self._closed = True  # the window is going: no thread again
        return False

    def stop(self) -> None:
        """End the thread (it closes its library and index first); a later request starts
        it again."""
        self._retry.stop()
        self._soon.stop()
        if self._thread is not None:
            self._thread.stop()
        self._thread = None
        self._worker = None


def library_folder(widget: QWidget) -> Path | None:
    """The library folder of the window ``widget`` is in: the main window holds its open
    ``library`` (the pane is not handed the folder, so that the window builds it as before)."""
    library = getattr(widget.window(), "library", None)
    folder = getattr(library, "folder", None)
    return Path(folder) if folder is not None else None


def open_related(window: Any, paper_id: int) -> None:
    """Select a related paper in the window's paper list, showing every paper first (no
    search, the "All papers" view) if the list does not hold it; the keyboard goes there."""
    row = window.model.row_of(paper_id)
    if row is not None:
        window.list.select_row(row)
        window.focus_list()
        return

    def select() -> None:
        window.listShown.disconnect(select)
        found = window.model.row_of(paper_id)
        if found is not None:
            window.list.select_row(found)
        window.focus_list()

    window.listShown.connect(select)
    window.search.clear_now()
    if window.sidebar.current_view() != View():
        window.sidebar.select_view(View())
    elif not window.search.text():
        window.request_list()


def focus_related(window: Any) -> None:
    """The "Related papers" action: the keyboard into the related list."""
    if not window.detail.related.focus_list():
        window.statusBar().showMessage(tr("No related papers to go to."), 3000)

"""The main window: sidebar, paper list and detail pane, with search, import and the actions.

The window holds the library open by the UI thread for reads and the small, fast operations
(mark, tag). Lists and searches are computed by the search thread, the index by the index
thread, imports by jobs; each answer comes back as a signal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.listing import View
from papershelf.core.operations import Changes
from papershelf.core.paths import sample_dump
from papershelf.core.session import Shelf
from papershelf.ui import actions as registry
from papershelf.ui.detail import DetailPane, open_link
from papershelf.ui.dialogs import CommandPalette, ShortcutSheet
from papershelf.ui.importflow import ImportController
from papershelf.ui.listmodel import PaperTableModel
from papershelf.ui.paperlist import PaperList
from papershelf.ui.sidebar import Sidebar
from papershelf.ui.signals import emit
from papershelf.ui.state import WindowState
from papershelf.ui.triage import Triage
from papershelf.ui.widgets import SearchBox, TagEntry, WelcomePane
from papershelf.ui.workers import IndexWorker, ListRequest, ListResult, SearchWorker, WorkerThread


class MainWindow(QMainWindow):
    """Papershelf's window over one open shelf."""

    listRequested = Signal(object)
    indexRequested = Signal()
    reopenRequested = Signal()
    listShown = Signal()
    indexReady = Signal(str)

    def __init__(self, shelf: Shelf, settings: QSettings, parent: Any = None):
        super().__init__(parent)
        self.shelf = shelf
        self.library = shelf.library
        self.settings = settings
        self.words: list[str] = []
        self.sort = ("added", True)
        self.relevance = True
        self._seq = 0
        self.closed = False
        self._last_error: str | None = None
        self.setWindowTitle(f"Papershelf — {self.library.folder}")
        self.setAcceptDrops(True)
        self._build()
        self.triage = Triage(self)
        self.qactions = registry.install(
            registry.ACTIONS, self, [self.list, self.detail], self.menuBar()
        )
        self._start_workers()
        self.state = WindowState(self, settings)
        self.state.restore()
        self.sidebar.refresh()
        self._show_welcome_if_empty()
        self._index_started = False  # until the first list is on screen
        self.request_list()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = SearchBox()
        bar = QToolBar("Search", self)
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        bar.addWidget(self.search)
        self.addToolBar(bar)
        self.sidebar = Sidebar(self.library)
        self.model = PaperTableModel(self.library.conn, self)
        self.list = PaperList(self.model)
        self.tag_entry = TagEntry()
        self.detail = DetailPane()
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.list)
        column.addWidget(self.tag_entry)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.sidebar, middle, self.detail):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([200, 820, 380])
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.welcome = WelcomePane()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.index_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.index_label)
        self.imports = ImportController(self.library.folder, self, self.statusBar())
        self._connect()

    def _connect(self) -> None:
        self.search.queryChanged.connect(self._on_query)
        self.search.accepted.connect(self.focus_list)
        self.sidebar.viewChosen.connect(lambda _: self.request_list())
        self.model.sortRequested.connect(self._on_sort)
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        self.tag_entry.submitted.connect(lambda name, adding: self.triage.tag(name, adding))
        self.imports.imported.connect(self._after_import)
        self.welcome.pasteRequested.connect(self.import_clipboard)
        self.welcome.fileRequested.connect(self.import_file)
        self.welcome.sampleRequested.connect(lambda: self.imports.start_path(sample_dump()))

    def _start_workers(self) -> None:
        folder = self.library.folder
        self.searcher = SearchWorker(folder)
        self.search_thread = WorkerThread(self.searcher, "papershelf-search", self)
        self.listRequested.connect(self.searcher.run)
        self.searcher.done.connect(self._on_list)
        self.reopenRequested.connect(self.searcher.reopen)
        self.indexer = IndexWorker(folder)
        self.index_thread = WorkerThread(self.indexer, "papershelf-index", self)
        self.indexRequested.connect(self.indexer.ensure)
        self.indexer.progress.connect(self._on_index_progress)
        self.indexer.finished.connect(self._on_indexed)
        self.indexer.failed.connect(self._on_index_failed)
        self.search_thread.start()
        self.index_thread.start()

    # -- the list ----------------------------------------------------------------------------

    def request_list(self) -> None:
        """Ask the search thread for the list the view, search and sort call for."""
        self._seq += 1
        self.searcher.latest = self._seq
        column, descending = self.sort
        request = ListRequest(
            self._seq,
            self.sidebar.current_view(),
            self.search.text(),
            column,
            descending,
            self.relevance,
        )
        emit(self.listRequested, request)

    def _on_query(self, _text: str) -> None:
        self.relevance = True
        self.request_list()

    def _on_sort(self, column: str, descending: bool) -> None:
        self.sort = (column, descending)
        self.relevance = False
        self.request_list()

    def _on_list(self, result: ListResult) -> None:
        if result.seq != self._seq or self.closed:
            return
        keep = self.list.current_id()
        self.words = result.words
        self.model.set_ids(result.ids)
        self.list.horizontalHeader().setSortIndicatorShown(not result.relevance)
        row = self.model.row_of(keep) if keep is not None else None
        self.list.select_row(row or 0)
        if not result.ids:
            self.detail.show_paper(None)
        self._show_counts(result)
        emit(self.listShown)
        if not self._index_started:
            self._index_started = True
            emit(self.indexRequested)

    def _show_counts(self, result: ListResult) -> None:
        shown = len(result.ids)
        total = self.library.count()
        text = f"{shown:,} papers" if shown == total else f"{shown:,} of {total:,} papers"
        self.count_label.setText(text)
        if result.error:
            self.statusBar().showMessage(result.error)
        elif self._last_error and self.statusBar().currentMessage() == self._last_error:
            self.statusBar().clearMessage()
        self._last_error = result.error

    def show_current(self) -> None:
        """Show the current paper in the detail pane."""
        paper_id = self.list.current_id()
        papers = self.library.papers([paper_id]) if paper_id is not None else []
        self.detail.show_paper(papers[0] if papers else None, self.words)

    # -- action handlers (the registry calls these) ---------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_list(self) -> None:
        """Move the focus to the paper list."""
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list.currentIndex().isValid():
            self.list.select_row(0)

    def focus_detail(self) -> None:
        """Move the focus to the detail pane."""
        self.detail.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def back_to_list(self) -> None:
        """Esc: close the tag entry, or leave the search box, or clear the search."""
        if self.tag_entry.isVisible():
            self.tag_entry.hide()
        elif self.search.hasFocus() or self.list.hasFocus():
            self.search.clear_now()
        self.focus_list()

    def move_selection(self, step: int) -> None:
        """Select the next or previous paper."""
        self.list.move(step)

    def set_status(self, status: str) -> None:
        """Mark the selected papers."""
        self.triage.set_status(status)

    def start_tagging(self, adding: bool) -> None:
        """Open the inline tag entry for the selection."""
        self.triage.start_tagging(adding)

    def open_paper_link(self) -> None:
        """Open the current paper's first link in the system browser."""
        paper = self.detail.paper
        links = paper["links"] if paper else []
        if not links:
            self.statusBar().showMessage("This paper has no link.", 3000)
            return
        open_link(QUrl(links[0]))

    def show_palette(self) -> None:
        """Open the command palette; run what was chosen."""
        self.palette = CommandPalette(registry.ACTIONS, self)
        self.palette.accepted.connect(self._run_chosen)
        self.palette.open()

    def _run_chosen(self) -> None:
        chosen = self.palette.chosen
        if chosen is not None:
            chosen.handler(self)

    def show_shortcuts(self) -> None:
        """Open the shortcut sheet."""
        self.sheet = ShortcutSheet(registry.ACTIONS, self)
        self.sheet.open()

    def import_clipboard(self) -> None:
        """Preview importing the clipboard's text."""
        self.imports.start_text(QGuiApplication.clipboard().text(), "clipboard")

    def import_file(self) -> None:
        """Choose a file and preview importing it."""
        path, _ = QFileDialog.getOpenFileName(self, "Import papers")
        if path:
            self.imports.start_path(path)

    # -- changes from elsewhere --------------------------------------------------------------

    def refresh_after_change(self, changes: Changes, status: str | None = None) -> None:
        """Repaint changed rows, the sidebar counts and the detail pane."""
        self.model.refresh_papers(changes.papers)
        if status is not None:
            self.sidebar.shift_status(changes.before, status)  # no query: < 20 ms at 100k
        else:
            self.sidebar.refresh()
        if self.list.current_id() in changes.papers:
            self.show_current()

    def undo_import(self) -> None:
        """Remove the papers of the import chosen in the sidebar."""
        self.triage.undo_import()

    def after_batch_removed(self) -> None:
        """Show everything again once an import's papers are gone."""
        self.sidebar.select_view(View())
        self._after_import(None)

    def _after_import(self, _report: object) -> None:
        if self.closed:
            return
        self.sidebar.refresh()
        self._show_welcome_if_empty()
        self.request_list()
        emit(self.indexRequested)

    def _show_welcome_if_empty(self) -> None:
        empty = self.library.count() == 0
        self.stack.setCurrentWidget(self.welcome if empty else self.splitter)

    def _on_index_progress(self, done: int, total: int) -> None:
        self.index_label.setText(f"Indexing {done:,} / {total:,}")

    def _on_indexed(self, outcome: str) -> None:
        if self.closed:
            return
        self.index_label.setText("")
        emit(self.reopenRequested)
        if self.search.text().strip():
            self.request_list()
        emit(self.indexReady, outcome)

    def _on_index_failed(self, message: str) -> None:
        self.index_label.setText("")
        self.statusBar().showMessage(message)

    # -- window events -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept files dragged onto the window."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Import the first local file dropped."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.start_path(paths[0])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Save the layout, stop background work, then close."""
        self.closed = True
        self.state.save()
        self.imports.shutdown()
        self.search_thread.stop()
        self.index_thread.stop()
        super().closeEvent(event)

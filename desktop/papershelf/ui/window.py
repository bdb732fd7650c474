"""The main window: sidebar, paper list and detail pane, with search, import and the actions.

The window holds the library open by the UI thread for reads and the small, fast operations
(mark, tag, a note's save). Lists and searches are computed by the search thread, the index
by the index thread, imports and slow operations by jobs; each answer comes back as a signal.
Every change to the library goes through one runner (``opsrunner``), whose ``changed`` signal
is the one place the sidebar, the list, the detail pane and the Edit menu are refreshed from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from papershelf.core import backup, history, location
from papershelf.core import operations as ops
from papershelf.core.annotations import highlights_of
from papershelf.core.listing import View, filled_columns
from papershelf.core.operations import Changes
from papershelf.core.paths import sample_dump
from papershelf.core.session import Shelf
from papershelf.ui import actions as registry
from papershelf.ui import plain
from papershelf.ui.about import AboutDialog, LogDialog
from papershelf.ui.annotate import Annotator
from papershelf.ui.backupdialog import RestoreDialog
from papershelf.ui.detail import DetailPane, open_link
from papershelf.ui.dialogs import CommandPalette, ShortcutSheet
from papershelf.ui.editdialog import EditPaperDialog
from papershelf.ui.i18n import counted
from papershelf.ui.importflow import ImportController
from papershelf.ui.jobs import Job
from papershelf.ui.listmodel import PaperTableModel
from papershelf.ui.notepanel import NotePanel
from papershelf.ui.notesaver import NoteSaver
from papershelf.ui.opsrunner import UI_WAIT_MS, Operations
from papershelf.ui.paperlist import PaperList
from papershelf.ui.savedialog import SavedSearchFlow
from papershelf.ui.sidebar import Sidebar
from papershelf.ui.signals import emit
from papershelf.ui.state import WindowState
from papershelf.ui.triage import Triage
from papershelf.ui.widgets import CommentEntry, SearchBox, SuggestionBar, TagEntry, WelcomePane
from papershelf.ui.workers import IndexWorker, ListRequest, ListResult, SearchWorker, WorkerThread

if TYPE_CHECKING:  # exporting loads when the user exports, not with the window
    from papershelf.ui.exportdialog import ExportRequest

WATCH_MS = 1000  # how often the window looks for changes made by other processes
BACKUP_FIRST_MS = 20_000  # the day's backup, a little after the window opened
BACKUP_EVERY_MS = 3_600_000  # and then hourly, if the day has turned


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Window", text)


def paper_count(
    count: int, one: str = "{count} paper", many: str = "{count} papers", **values: object
) -> str:
    """A phrase counting papers ("1 paper", "12 papers in the trash"), in the window's context."""
    return counted("Window", count, one, many, **values)


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
        self.terms: frozenset[str] = frozenset()  # what the search found, drawn as hits
        self.sort = ("added", True)
        self.relevance = True
        self._seq = 0
        self.closed = False
        self._list_arriving = False  # a list from a search being typed is being shown
        self.command_palette: CommandPalette | None = None
        self.move_to: Path | None = None  # the folder the library is to move to, on close
        self._last_error: str | None = None
        self._building = True  # restoring the sort asks for a list: the one list comes last
        self.setWindowTitle(tr("Papershelf — {folder}").format(folder=self.library.folder))
        self.setAcceptDrops(True)
        self._shown_id: int | None = None
        self.keep_row: int | None = None
        self._build()
        self.ops = Operations(self)
        self.ops.changed.connect(self._on_changed)
        self.triage = Triage(self)
        self.annotator = Annotator(self)
        self.saved_flow = SavedSearchFlow(self)
        self.qactions = registry.install(
            registry.ACTIONS, self, [self.list, self.detail], self.menuBar(), settings
        )
        self._update_undo_texts()
        self.library.set_busy_timeout(UI_WAIT_MS)
        # Never copy the write-ahead log into the file on this thread (after a command-line
        # import that is megabytes, paid by the next key press); the index thread does it.
        self.library.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._data_version = self._read_data_version()
        self._stamp = self._history_stamp()
        self.watch = QTimer(self, interval=WATCH_MS)
        self.watch.timeout.connect(self._look_for_outside_changes)
        self.watch.start()
        self.backup_timer = QTimer(self, interval=BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.take_daily_backup)
        self.backup_timer.start()
        QTimer.singleShot(BACKUP_FIRST_MS, self.take_daily_backup)
        self._start_workers()
        self._show_library_notice()
        self.state = WindowState(self, settings)
        self.state.restore()
        self._fit_columns()
        self.sidebar.refresh()
        self._show_welcome_if_empty()
        self._index_started = False  # until the first list is on screen
        self._building = False
        self.request_list()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = SearchBox(tags=lambda: self.library.tag_names())
        bar = QToolBar(tr("Search"), self)
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        bar.addWidget(self.search)
        self.addToolBar(bar)
        self.sidebar = Sidebar(self.library)
        self.model = PaperTableModel(self.library.conn, self)
        self.list = PaperList(self.model)
        self.tag_entry = TagEntry()
        self.detail = DetailPane()
        self.comment_entry = CommentEntry()
        self.notes = NotePanel(self._save_note)
        self.detail_split = QSplitter(Qt.Orientation.Vertical)
        self.detail_split.setObjectName("detailSplitter")
        self.detail_split.addWidget(_column(self.detail, self.comment_entry))
        self.detail_split.addWidget(self.notes)
        self.detail_split.setChildrenCollapsible(False)
        self.suggestion = SuggestionBar()
        middle = _column(self.suggestion, self.list, self.tag_entry)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.sidebar, middle, self.detail_split):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([200, 760, 480])
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.welcome = WelcomePane()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setAccessibleName(tr("Papers listed"))
        self.index_label = QLabel()
        self.index_label.setAccessibleName(tr("Indexing"))
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.index_label)
        self.imports = ImportController(self.library.folder, self, self.statusBar())
        self._connect()

    def _connect(self) -> None:
        self.search.queryChanged.connect(self._on_query)
        self.search.accepted.connect(self.focus_list)
        self.suggestion.chosen.connect(self.search.set_query)
        self.sidebar.viewChosen.connect(self._on_view)
        self.model.sortRequested.connect(self._on_sort)
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        # While a search is typed, the paper a new list lands on is drawn in the event after
        # the list's: each keeps the event loop under 20 ms at 75k papers.
        self.detail_timer = QTimer(self, singleShot=True, interval=0)
        self.detail_timer.timeout.connect(self.show_current)
        self.tag_entry.submitted.connect(lambda name, adding: self.triage.tag(name, adding))
        self.comment_entry.submitted.connect(lambda hid, text: self.annotator.comment(hid, text))
        self.detail.annotationChosen.connect(lambda target: self.annotator.jump(target))
        self.imports.imported.connect(self._after_import)
        self.welcome.pasteRequested.connect(self.import_clipboard)
        self.welcome.fileRequested.connect(self.import_file)
        self.welcome.sampleRequested.connect(lambda: self.imports.start_path(sample_dump()))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self.show_paper_menu)
        self.list.doubleClicked.connect(lambda _index: self.open_paper_link())

    def _start_workers(self) -> None:
        folder = self.library.folder
        self.searcher = SearchWorker(folder)
        self.search_thread = WorkerThread(self.searcher, "papershelf-search", self)
        self.listRequested.connect(self.searcher.run)
        self.searcher.done.connect(self._on_list)
        self.reopenRequested.connect(self.searcher.reopen)
        self.note_saver = NoteSaver(folder)
        self.note_thread = WorkerThread(self.note_saver, "papershelf-notes", self)
        self.note_saver.saved.connect(self._on_changed)
        self.note_saver.failed.connect(self._note_not_saved)
        self.note_thread.start()
        self.indexer = IndexWorker(folder)
        self.index_thread = WorkerThread(self.indexer, "papershelf-index", self)
        self.indexRequested.connect(self.indexer.ensure)
        self.indexer.progress.connect(self._on_index_progress)
        self.indexer.finished.connect(self._on_indexed)
        self.indexer.failed.connect(self._on_index_failed)
        self.indexer.waiting.connect(
            lambda: self.index_label.setText(
                tr("Waiting for another Papershelf to update the index…")
            )
        )
        self.search_thread.start()
        self.index_thread.start()

    # -- the list ----------------------------------------------------------------------------

    def request_list(self) -> None:
        """Ask the search thread for the list the view, search and sort call for (once the
        window is built: each list asked for while building would be computed, then dropped)."""
        if self._building:
            return
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
            self.search.typing(),
        )
        emit(self.listRequested, request)

    def _on_view(self, view: View) -> None:
        if view.kind == "next":  # read next is a ranking: shown best first, until a column
            self.relevance = True
        self.request_list()

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
        chosen = self.list.selected_ids()
        self.terms = result.terms
        self.model.set_ids(result.ids, result.terms, result.snippets)
        self.list.show_snippets(bool(result.terms))
        self.suggestion.offer(result.suggestion, result.replaced)
        self.search.library_words(result.completions)
        self.list.horizontalHeader().setSortIndicatorShown(not result.relevance)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.keep_row is not None:
            row = self.keep_row  # the paper that was here went to the trash: the next one
        self.keep_row = None
        self._list_arriving = self.search.hasFocus()
        try:
            self.list.select_row(row or 0)
        finally:
            self._list_arriving = False
        if row is not None and len(chosen) > 1:  # a refresh keeps what the user selected
            self.list.also_select(chosen)
        if not result.ids:
            self.detail.show_paper(None)
        self._show_counts(result)
        emit(self.listShown)
        if not self._index_started:
            self._index_started = True
            emit(self.indexRequested)

    def _current_changed(self) -> None:
        if self._list_arriving:
            self.detail_timer.start()
        else:
            self.detail_timer.stop()
            self.show_current()

    def _show_counts(self, result: ListResult) -> None:
        shown = len(result.ids)
        total = result.total if result.total is not None else self.library.count()
        view = self.sidebar.current_view()
        if view.kind == "trash":
            text = paper_count(shown, "{count} paper in the trash", "{count} papers in the trash")
        elif shown == total:
            text = paper_count(shown)
        else:
            text = paper_count(
                total, "{shown} of {count} paper", "{shown} of {count} papers", shown=f"{shown:,}"
            )
        if result.elsewhere > 0:  # the view hides papers the words find: say where they are
            elsewhere = tr("{count} more outside this view (All papers)")
            text += " · " + elsewhere.format(count=f"{result.elsewhere:,}")
        self.count_label.setText(text)
        if result.error:
            self.statusBar().showMessage(result.error)
        elif self._last_error and self.statusBar().currentMessage() == self._last_error:
            self.statusBar().clearMessage()
        self._last_error = result.error

    def show_current(self) -> None:
        """Show the current paper in the detail pane, with its highlights and reading history;
        a note open for another paper is saved and closed."""
        if self.closed:  # a queued selection change after closing has no library to read
            return
        paper_id = self.list.current_id()
        papers = self.library.papers([paper_id]) if paper_id is not None else []
        if paper_id != self._shown_id:
            self._shown_id = paper_id
            self.annotator.paper_changed()
            self.comment_entry.hide()
            if self.notes.paper_id is not None and self.notes.paper_id != paper_id:
                self.notes.close_note()
        if not papers:
            self.detail.show_paper(None)
            return
        paper = papers[0]
        self.detail.show_paper(
            paper,
            self.terms,
            highlights_of(self.library, paper["id"]),
            self.library.status_history(paper["id"]),
        )

    # -- action handlers (the registry calls these) ---------------------------------------------

    def save_search(self) -> None:
        """Name the current search; the sidebar lists it."""
        self.saved_flow.save()

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def use_suggestion(self) -> None:
        """Search for the spelling the bar under the search box suggests."""
        if self.suggestion.isVisible() and self.suggestion.query:
            self.search.set_query(self.suggestion.query)

    def focus_list(self) -> None:
        """Move the focus to the paper list."""
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list.currentIndex().isValid():
            self.list.select_row(0)

    def focus_detail(self) -> None:
        """Move the focus to the detail pane."""
        self.detail.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def back_to_list(self) -> None:
        """Esc: close the tag or comment entry or the note (saved), or leave the search box,
        or clear the search."""
        if self.tag_entry.isVisible():
            self.tag_entry.hide()
        elif self.comment_entry.isVisible():
            self.comment_entry.hide()
        elif self.notes.isVisible() and self.notes.isAncestorOf(self.focusWidget()):
            self.close_note()
        elif self.search.hasFocus() or self.list.hasFocus():
            self.search.clear_now()
        self.focus_list()

    def move_selection(self, step: int) -> None:
        """Select the next or previous paper."""
        self.list.move_by(step)

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
            self.statusBar().showMessage(tr("This paper has no link."), 3000)
            return
        open_link(QUrl(links[0]))

    def show_paper_menu(self, at: QPoint) -> None:
        """The context menu of the papers under the pointer (the selection, when the pointer
        is on it): the registry's own actions, with their keys."""
        index = self.list.indexAt(at)
        if not index.isValid():
            return
        if not self.list.selectionModel().isRowSelected(index.row()):
            self.list.select_row(index.row())
        self.paper_menu = QMenu(self)
        self.paper_menu.setObjectName("paperMenu")
        for group in PAPER_MENU:
            for name in group:
                self.paper_menu.addAction(self.qactions[name][0])
            self.paper_menu.addSeparator()
        self.paper_menu.popup(self.list.viewport().mapToGlobal(at))

    def show_about(self) -> None:
        """Versions, and where the library and the log are."""
        self._open_dialog(AboutDialog(self.library.folder, self))

    def show_log(self) -> None:
        """The end of the log."""
        self._open_dialog(LogDialog(self))

    def show_palette(self) -> None:
        """Open the command palette; run what was chosen."""
        self.command_palette = CommandPalette(registry.bound(self.settings), self)
        self.command_palette.accepted.connect(self._run_chosen)
        self.command_palette.open()

    def _run_chosen(self) -> None:
        chosen = self.command_palette.chosen if self.command_palette is not None else None
        if chosen is not None:
            chosen.handler(self)

    def show_shortcuts(self) -> None:
        """Open the shortcut sheet."""
        self.sheet = ShortcutSheet(registry.bound(self.settings), self)
        self.sheet.open()

    def export(self) -> None:
        """Export the selection or the papers shown, in a format and place the user picks."""
        from papershelf.ui.exportdialog import ExportDialog

        query = self.search.text().strip()
        item = self.sidebar.currentItem()
        view = (
            tr("the search “{query}”").format(query=query)
            if query
            else tr("“{view}”").format(view=item.text(0))
            if item
            else tr("this view")
        )
        self.export_dialog = dialog = ExportDialog(
            self.list.selected_ids(), list(self.list.papers.ids), view, self.settings, self
        )
        dialog.accepted.connect(lambda: self._start_export(dialog.request))
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        """Show a window-modal dialog with the keyboard in it; when it closes, the keyboard
        goes back to the list, ready for the next key."""
        dialog.finished.connect(self._back_from_dialog)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()

    def _back_from_dialog(self) -> None:
        self.activateWindow()
        self.focus_list()

    def _start_export(self, request: ExportRequest | None) -> None:
        from papershelf.ui.exportdialog import done_message, export_job

        if request is None:
            return
        job = export_job(self.library.folder, request, self)
        job.succeeded.connect(
            lambda result: self.statusBar().showMessage(done_message(request, result), 8000)
        )
        job.failed.connect(
            lambda text: self.statusBar().showMessage(
                tr("Not exported: {error}").format(error=text)
            )
        )
        job.finished.connect(job.deleteLater)
        exporting = paper_count(
            len(request.ids), "Exporting {count} paper…", "Exporting {count} papers…"
        )
        self.statusBar().showMessage(exporting)
        self._export_job = job
        job.start()

    def copy_citation(self) -> None:
        """Put the selected papers' BibTeX on the clipboard."""
        from papershelf.ui.exportdialog import citation

        ids = self.list.selected_ids()
        if not ids:
            self.statusBar().showMessage(tr("Select a paper first."), 3000)
            return
        QGuiApplication.clipboard().setText(citation(self.library, ids))
        copied = paper_count(
            len(ids), "Copied the BibTeX of {count} paper.", "Copied the BibTeX of {count} papers."
        )
        self.statusBar().showMessage(copied, 4000)

    def import_clipboard(self) -> None:
        """Preview importing the clipboard's text."""
        self.imports.start_text(QGuiApplication.clipboard().text(), "clipboard")

    def import_file(self) -> None:
        """Choose files and preview importing each."""
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Import papers"))
        if paths:
            self.imports.queue_paths(paths)

    def open_files(self, paths: list[str]) -> None:
        """Come to the front and preview importing each file (passed on the command line, or
        by a later launch on this library)."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if paths:
            self.imports.queue_paths(paths)

    # -- changes from elsewhere --------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        """After any change: repaint changed rows, recount the sidebar, refill the list when
        papers came or went, redraw the detail pane, queue the index, retitle Undo/Redo."""
        if self.closed:
            return
        if changes.membership or changes.tags:
            self._fit_columns()
        if changes.membership:
            self.sidebar.refresh()
            self._show_welcome_if_empty()
            self.request_list()
        else:
            self.model.refresh_papers(changes.papers)
            if changes.status is not None and not changes.tags:
                self.sidebar.shift_status(changes.before, changes.status)  # no query
            elif changes.counts or changes.tags:
                self.sidebar.refresh()
        current = self.list.current_id()
        if current in changes.papers and not self._editing_note_of(current):
            self.show_current()
        if changes.text:
            emit(self.indexRequested)
        self.sidebar.refresh_saved()
        self._update_undo_texts()
        self._absorb_own_change()

    def _absorb_own_change(self) -> None:
        # The history moved by this window's one action (an entry more, or one undone or
        # redone) is not news; if it moved by more, another process acted too, and the next
        # look (within a second) shows everything afresh.
        now = self._history_stamp()
        added = now[1] - self._stamp[1]
        if added >= 0 and added + abs(now[2] - self._stamp[2]) <= 1:
            self._stamp = now

    # -- changes made by other processes (the command line) ------------------------------------

    def _read_data_version(self) -> int:
        return int(self.library.conn.execute("PRAGMA data_version").fetchone()[0])

    def _history_stamp(self) -> tuple[int, int, int]:
        # Every action, in any process, is recorded in the history: a new entry, an undo or
        # a redo moves this. Commits that record none (a backup's note, the index queue
        # emptied) leave the window as it is.
        row = self.library.conn.execute(
            "SELECT count(*), coalesce(max(id), 0), coalesce(sum(undone), 0) FROM history"
        ).fetchone()
        return (int(row[0]), int(row[1]), int(row[2]))

    def _look_for_outside_changes(self) -> None:
        """Every second: if another connection committed (``PRAGMA data_version``) an action
        this window has not shown, show everything afresh."""
        if self.closed:
            return
        version = self._read_data_version()
        if version == self._data_version:
            return
        self._data_version = version
        stamp = self._history_stamp()
        if stamp == self._stamp:
            return
        self._stamp = stamp
        self.sidebar.refresh()
        self._show_welcome_if_empty()
        self.request_list()
        if not self._editing_note_of(self.list.current_id()):
            self.show_current()
        self._update_undo_texts()
        emit(self.indexRequested)

    def _show_library_notice(self) -> None:
        """Say, for as long as the window is open, that the library is read-only or lives
        where syncing or sharing could damage it."""
        notice: str | None
        if self.library.read_only:
            notice = tr(
                "This library is read-only: it can be searched, read and exported, not changed."
            )
        else:
            notice = location.warning(self.library.folder)
        if notice:
            self.notice = plain.label(notice)  # it quotes a path
            self.notice.setObjectName("libraryNotice")
            self.notice.setToolTip(plain.tooltip(notice))
            self.statusBar().addPermanentWidget(self.notice, 1)

    def take_daily_backup(self) -> None:
        """The day's backup, off the UI thread, if it is due (the library changed)."""
        if self.closed or self.library.read_only:
            return
        job = Job(self.library.folder, lambda library, _job: backup.daily(library), self)
        job.failed.connect(
            lambda text: self.statusBar().showMessage(
                tr("No backup today: {error}").format(error=text)
            )
        )
        job.finished.connect(job.deleteLater)
        self._backup_job = job
        job.start()

    def restore_backup(self) -> None:
        """Choose a backup and restore the library from it (asks first)."""
        self.restore_dialog = dialog = RestoreDialog(self.library.folder, self)
        dialog.accepted.connect(lambda: self._restore(dialog.chosen))
        self._open_dialog(dialog)

    def _restore(self, chosen: Path | None) -> None:
        if chosen is None:
            return
        self.notes.close_note()
        self.note_saver.flush()

        def operation(library: Any) -> Changes:
            backup.restore(library, chosen)
            everything = frozenset(r[0] for r in library.conn.execute("SELECT id FROM papers"))
            return Changes(
                papers=everything, tags=True, counts=True, text=True, membership=True,
                label=f"Restored the library from the backup {chosen.name}",  # kept in the history
            )  # fmt: skip

        self.ops.run_slow(operation, working=tr("Restoring the library…"))

    def _editing_note_of(self, paper_id: int | None) -> bool:
        # While its note is being typed, the editor's preview is the paper's live view; the
        # pane is redrawn when the editor closes (a 5 MB note would make each save stall).
        return paper_id is not None and self.notes.paper_id == paper_id

    def _update_undo_texts(self) -> None:
        for name, verb, entry in (
            ("Undo", tr("Undo"), history.next_undo(self.library)),
            ("Redo", tr("Redo"), history.next_redo(self.library)),
        ):
            for qaction in self.qactions.get(name, []):
                # the change, in the core's words: a tag's or a title's & is shown, not a key
                qaction.setText(plain.keep_ampersands(history.describe(entry, verb)))
                qaction.setEnabled(entry is not None)

    # -- editing (the registry calls these) ---------------------------------------------------

    def undo(self) -> None:
        """Undo the newest action (an import's thousands of papers off the UI thread)."""
        self._undo_or_redo(history.next_undo(self.library), ops.undo, tr("Nothing to undo."))

    def redo(self) -> None:
        """Redo what was undone last."""
        self._undo_or_redo(history.next_redo(self.library), ops.redo, tr("Nothing to redo."))

    def _undo_or_redo(self, entry: history.Entry | None, operation: Any, empty: str) -> None:
        if entry is None:
            self.statusBar().showMessage(empty, 3000)
            return
        self.notes.save_now()
        self.note_saver.flush()
        if entry.kind == "import":
            self.ops.run_slow(operation, working=f"{history.describe(entry, tr('Undoing'))}…")
        else:
            self.ops.run(operation)

    def edit_note(self) -> None:
        """Open the current paper's note in the editor beside its preview."""
        paper = self.detail.paper
        if paper is None:
            self.statusBar().showMessage(tr("Select a paper first."), 3000)
            return
        self.notes.save_now()
        self.note_saver.flush()  # the note as last typed, not as the last save found it
        current = self.library.papers([paper["id"]])
        if current:
            self.notes.open(paper["id"], paper["title"], current[0]["note"])

    def _save_note(self, paper_id: int, text: str) -> None:
        self.note_saver.submit(paper_id, text)  # written off the UI thread, newest text wins

    def _note_not_saved(self, paper_id: int, why: str) -> None:
        self.notes.mark_unsaved(paper_id)
        self.statusBar().showMessage(
            tr(
                "The note could not be saved ({why}); it stays in the editor and is saved "
                "again as you type."
            ).format(why=why),
            10000,
        )

    def close_note(self) -> None:
        """Save and close the note editor; the detail pane shows the note rendered."""
        paper_id = self.notes.paper_id
        self.notes.close_note()
        if paper_id is not None and paper_id == self.list.current_id():
            self.show_current()

    def highlight(self) -> None:
        """Highlight the words selected in the detail pane."""
        self.annotator.highlight()

    def set_colour(self, colour: int) -> None:
        """Colour the highlight at the caret, or choose the next one's colour."""
        self.annotator.set_colour(colour)

    def remove_highlight(self) -> None:
        """Remove the highlight at the caret."""
        self.annotator.remove()

    def step_highlight(self, direction: int) -> None:
        """Go to the next or previous highlight."""
        self.annotator.step(direction)

    def edit_paper(self) -> None:
        """Edit the current paper's fields in a form."""
        paper = self.detail.paper
        if paper is None:
            self.statusBar().showMessage(tr("Select a paper first."), 3000)
            return
        paper_id = paper["id"]

        def save(values: dict[str, object]) -> None:
            self.ops.run(lambda library: ops.edit_fields(library, paper_id, values), raising=True)

        self.edit_dialog = EditPaperDialog(self.library.paper(paper_id), save, self)
        self.edit_dialog.open()

    def move_to_trash(self) -> None:
        """Move the selected papers to the trash."""
        self.triage.trash()

    def restore_from_trash(self) -> None:
        """Bring the selected papers back from the trash."""
        self.triage.restore()

    def empty_trash(self) -> None:
        """Delete the trash's papers for good, after asking."""
        self.triage.empty_trash()

    def read_next_like_tag(self) -> None:
        """Show the papers most like those of the tag chosen in the sidebar."""
        if not self.sidebar.like_tag():
            self.statusBar().showMessage(tr("Choose a tag in the sidebar first."), 3000)

    def rename_tag(self) -> None:
        """Rename the tag chosen in the sidebar (or one picked from the list); merges into an
        existing tag of the new name."""
        names = self.library.tag_names()
        if not names:
            self.statusBar().showMessage(tr("There are no tags yet."), 3000)
            return
        view = self.sidebar.current_view()
        old = str(view.value) if view.kind == "tag" else None
        if old is None:
            old, ok = plain.ask_item(self, tr("Rename tag"), tr("Tag to rename:"), names)
            if not ok:
                return
        new, ok = plain.ask_text(
            self,
            tr("Rename tag"),
            tr("New name for “{tag}” (an existing tag's name merges them):").format(tag=old),
            text=old,
        )
        if not ok or not new.strip() or new.strip() == old:
            return
        renamed = self.ops.run(lambda library: ops.rename_tag(library, old, new))
        if renamed is not None and view.kind == "tag":
            self.sidebar.select_view(View("tag", ops.clean_tag(new)))

    def undo_import(self) -> None:
        """Remove the papers of the import chosen in the sidebar."""
        self.triage.undo_import()

    def _after_import(self, _report: object) -> None:
        if self.closed:
            return
        self.sidebar.refresh()
        self._show_welcome_if_empty()
        self._fit_columns()
        self.request_list()
        emit(self.indexRequested)

    def _fit_columns(self) -> None:
        self.list.fit_columns(filled_columns(self.library.conn))

    def _show_welcome_if_empty(self) -> None:
        empty = self.library.count() == 0
        self.stack.setCurrentWidget(self.welcome if empty else self.splitter)

    def _on_index_progress(self, done: int, total: int) -> None:
        self.index_label.setText(
            tr("Indexing {done} / {total}").format(done=f"{done:,}", total=f"{total:,}")
        )

    def _on_indexed(self, outcome: str) -> None:
        if self.closed:
            return
        self.index_label.setText("")
        emit(self.reopenRequested)
        self.sidebar.recount_saved()
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
        """Preview importing each local file dropped, one after another."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.queue_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Save the layout, stop background work, then close."""
        self.notes.save_now()
        self.note_saver.flush()
        self.closed = True
        self.detail_timer.stop()  # a list arriving as the window closes shows no paper
        self.state.save()
        self.ops.shutdown()
        self.note_thread.stop()
        self.imports.shutdown()
        self.search_thread.stop()
        self.sidebar.shutdown()
        self.index_thread.stop()
        super().closeEvent(event)


# The paper context menu, in groups: actions named as in the registry.
PAPER_MENU = (
    ("Mark read", "Mark reading", "Mark unread"),
    ("Add tag", "Remove tag"),
    ("Open link", "Copy citation", "Related papers"),
    ("Edit paper", "Edit note", "Move to trash"),
)


def _column(*widgets: QWidget) -> QWidget:
    """Widgets stacked with no gaps: a pane and the inline bar under it."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    for widget in widgets:
        column.addWidget(widget)
    return holder

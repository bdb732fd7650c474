"""The sidebar: read-status views, everything, recently added, read next, the trash, import
batches, tags and saved searches, counted.

Counts come straight from SQLite (each a grouped query on an indexed column) and are refreshed
after every change; the selected view survives a refresh. A saved search's count is a search
(tens of milliseconds at 75,000 papers), so those are counted by ``SavedCounter`` in a thread of
its own and filled in when they come. On a saved search, F2 renames it, Delete removes it and
Alt+Up / Alt+Down (or a drag) move it; the window makes those changes (``renameRequested``,
``removeRequested``, ``moveRequested``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem

from papershelf.core import saved
from papershelf.core.errors import PapershelfError
from papershelf.core.library import Library
from papershelf.core.listing import View, recent_count
from papershelf.ui import plain
from papershelf.ui.listmodel import status_label
from papershelf.ui.signals import emit
from papershelf.ui.workers import ThreadShelf, WorkerThread, index_missing

log = logging.getLogger(__name__)

ViewRole = Qt.ItemDataRole.UserRole + 1
BATCHES_SHOWN = 12
ALT = Qt.KeyboardModifier.AltModifier
# Keys a saved search takes while it is chosen (F2 is also Rename tag, for the window)
SAVED_KEYS = {
    (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier): "rename",
    (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): "remove",
    (Qt.Key.Key_Up, ALT): "up",
    (Qt.Key.Key_Down, ALT): "down",
}


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Sidebar", text)


class Sidebar(QTreeWidget):
    """A tree of views with counts; emits ``viewChosen`` when the user picks one."""

    viewChosen = Signal(object)
    renameRequested = Signal(int)  # a saved search's id
    removeRequested = Signal(int)
    moveRequested = Signal(int, int)  # id, its new place (0 first)
    countsRequested = Signal(int, object)  # round, [(id, query)]

    def __init__(self, library: Library, parent: Any = None):
        super().__init__(parent)
        self.library = library
        self.saved: list[saved.SavedSearch] = []  # as shown
        self.saved_counts: dict[int, int] = {}  # the last counts that came
        self._round = 0
        self._counter: SavedCounter | None = None
        self._counter_thread: WorkerThread | None = None
        self._recount_soon = QTimer(self, singleShot=True, interval=0)
        self._recount_soon.timeout.connect(self._recount)
        self.setObjectName("sidebar")
        self.setAccessibleName(tr("Views"))
        self.setAccessibleDescription(
            tr("Read status, all papers, imports, tags and saved searches, with their counts")
        )
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setRootIsDecorated(False)
        self.setIndentation(10)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._current = View("status", "unread")
        self.currentItemChanged.connect(self._on_current)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)

    def current_view(self) -> View:
        """The view selected now."""
        return self._current

    def remember(self, view: View) -> None:
        """Make ``view`` the current one without telling anyone (restoring settings)."""
        self._current = view

    def select_view(self, view: View) -> None:
        """Select a view (the list follows through ``viewChosen``)."""
        self._current = view
        item = self._item_for(view)
        if item is not None:
            self.setCurrentItem(item)
        emit(self.viewChosen, view)

    def refresh(self) -> None:
        """Rebuild the tree with fresh counts, keeping the selection."""
        self.blockSignals(True)
        self.clear()
        conn = self.library.conn
        counts = self.library.status_counts()
        section = self._section(tr("Library"))
        for status in ("unread", "reading", "read"):
            self._entry(section, status_label(status), counts[status], View("status", status))
        self._entry(section, tr("All papers"), sum(counts.values()), View())
        self._entry(section, tr("Recently added"), recent_count(conn), View("recent"))
        upcoming = self._entry(section, tr("Read next"), None, View("next"))
        upcoming.setToolTip(0, tr("Unread papers most like those you read, best first"))
        if self._current.kind == "next" and self._current.value:  # "more like this tag"
            label = tr("like {tag}").format(tag=self._current.value)
            like = self._entry(upcoming, label, None, self._current)
            like.setToolTip(0, tr("Untagged papers most like those with this tag, best first"))
        trash = self._entry(section, tr("Trash"), self.library.trash_count(), View("trash"))
        trash.setToolTip(0, tr("Papers moved to the trash (Delete); Ctrl+Shift+R restores them"))
        self._batches(conn)
        tags = self.library.tag_counts()
        if tags:
            section = self._section(tr("Tags"))
            for name, n in tags:
                self._entry(section, name, n, View("tag", name))
        self._saved_section()
        self.expandAll()
        self.setItemsExpandable(False)
        item = self._item_for(self._current)
        gone = item is None
        if gone:
            self._current = View()
            item = self._item_for(self._current)
        if item is not None:
            self.setCurrentItem(item)
        self.blockSignals(False)
        self.resizeColumnToContents(1)
        if gone:  # what was shown is gone (a saved search removed): the list follows
            emit(self.viewChosen, self._current)
        self._recount_soon.start()

    def refresh_saved(self) -> None:
        """After any change: the saved searches redrawn if they changed, recounted anyway
        (a paper tagged or read moves their counts too)."""
        if saved.saved_searches(self.library) != self.saved:
            self.refresh()
        else:
            self._recount_soon.start()

    def recount_saved(self) -> None:
        """Count the saved searches' papers again (the index took in changed text)."""
        self._recount_soon.start()

    def shift_status(self, before: dict[int, object], status: str) -> None:
        """Move changed papers between the status counts without asking SQLite again."""
        for old in before.values():
            self._add(View("status", str(old)), -1)
            self._add(View("status", status), 1)

    def _add(self, view: View, delta: int) -> None:
        item = self._item_for(view)
        if item is not None:
            item.setText(1, str(int(item.text(1)) + delta))

    def count_of(self, view: View) -> int | None:
        """The count shown beside a view (for tests and the status bar); None if none is."""
        item = self._item_for(view)
        return int(item.text(1)) if item is not None and item.text(1).isdigit() else None

    def _batches(self, conn: sqlite3.Connection) -> None:
        batches = self.library.batches()[:BATCHES_SHOWN]
        if not batches:
            return
        section = self._section(tr("Imports"))
        for batch in batches:
            n = conn.execute(
                "SELECT count(*) FROM papers WHERE batch_id = ? AND trashed IS NULL", [batch["id"]]
            ).fetchone()[0]
            label = batch["tag"] or _stem(batch["source"]) or batch["format"]
            entry = self._entry(section, label, n, View("batch", batch["id"]))
            about = f"{batch['source']} ({batch['format']}), {batch['created'][:16]}"
            entry.setToolTip(0, plain.tooltip(about))  # the file's name, as it is

    def _section(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title.upper(), ""])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        item.setFont(0, font)
        item.setForeground(0, self.palette().placeholderText())
        return item

    def _entry(
        self, parent: QTreeWidgetItem, label: str, count: int | None, view: View
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label, "" if count is None else f"{count}"])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(0, ViewRole, view)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, self.palette().placeholderText())
        return item

    def _item_for(self, view: View) -> QTreeWidgetItem | None:
        for item in self._entries():
            if item.data(0, ViewRole) == view:
                return item
        return None

    def _entries(self) -> Iterator[QTreeWidgetItem]:
        """Every entry under the sections, the "like TAG" ones under Read next too."""
        stack = [self.topLevelItem(n) for n in reversed(range(self.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            if item.parent() is not None:
                yield item
            stack += [item.child(k) for k in reversed(range(item.childCount()))]

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        view = item.data(0, ViewRole) if item is not None else None
        if view is not None and view != self._current:
            self._current = view
            emit(self.viewChosen, view)

    # -- saved searches ------------------------------------------------------------------------

    def _saved_section(self) -> None:
        self.saved = saved.saved_searches(self.library)
        if not self.saved:
            return
        section = self._section(tr("Saved searches"))
        for search in self.saved:
            entry = self._entry(
                section, search.name, self.saved_counts.get(search.id), View("saved", search.id)
            )
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsDragEnabled)
            entry.setToolTip(0, plain.tooltip(search.query))  # the query, as typed

    def chosen_saved(self) -> saved.SavedSearch | None:
        """The saved search chosen in the sidebar, if one is."""
        view = self._current
        if view.kind != "saved":
            return None
        return next((s for s in self.saved if s.id == view.value), None)

    def _recount(self) -> None:
        if not self.saved:
            return
        if self._counter is None:
            self._counter = SavedCounter(self.library.folder)
            self._counter_thread = WorkerThread(self._counter, "papershelf-saved-counts", self)
            self.countsRequested.connect(self._counter.count)
            self._counter.counted.connect(self._on_counted)
            self._counter_thread.start()
        self._round += 1
        self._counter.latest = self._round
        emit(self.countsRequested, self._round, [(s.id, s.query) for s in self.saved])

    def _on_counted(self, round_: int, counts: dict[int, int]) -> None:
        if round_ != self._round:
            return  # a newer count is on its way
        self.saved_counts.update(counts)  # a search not counted (no index yet) keeps its last
        for search in self.saved:
            item = self._item_for(View("saved", search.id))
            if item is not None and search.id in counts:
                item.setText(1, str(counts[search.id]))
        self.resizeColumnToContents(1)

    def shutdown(self) -> None:
        """Stop the counting thread (the window is closing)."""
        if self._counter_thread is not None:
            self._counter_thread.stop()
            self._counter_thread = None

    def _saved_action(self, what: str) -> bool:
        """Ask the window to rename, remove or move the chosen saved search; whether one was."""
        search = self.chosen_saved()
        if search is None:
            return False
        if what == "rename":
            emit(self.renameRequested, search.id)
        elif what == "remove":
            emit(self.removeRequested, search.id)
        else:
            place = self.saved.index(search) + (-1 if what == "up" else 1)
            if 0 <= place < len(self.saved):
                emit(self.moveRequested, search.id, place)
        return True

    def event(self, event: QEvent) -> bool:
        """Keep F2 (the window's Rename tag) for the saved search chosen here."""
        if event.type() == QEvent.Type.ShortcutOverride and self._saved_key(event):
            event.accept()
            return True
        return super().event(event)

    def _saved_key(self, event: QEvent) -> str | None:
        assert isinstance(event, QKeyEvent)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        what = SAVED_KEYS.get((Qt.Key(event.key()), modifiers))
        return what if what and self.chosen_saved() is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """F2, Delete, Alt+Up and Alt+Down act on a chosen saved search."""
        what = self._saved_key(event)
        if what is not None and self._saved_action(what):
            event.accept()
            return
        super().keyPressEvent(event)

    def saved_menu(self) -> QMenu | None:
        """The context menu of the chosen saved search (None on anything else)."""
        if self.chosen_saved() is None:
            return None
        menu = QMenu(self)
        for text, key, what in (
            (tr("Rename…"), "F2", "rename"),
            (tr("Move up"), "Alt+Up", "up"),
            (tr("Move down"), "Alt+Down", "down"),
            (tr("Delete"), "Delete", "remove"),
        ):
            action = menu.addAction(f"{text}\t{key}")
            action.setData(what)
            action.triggered.connect(lambda _=False, w=what: self._saved_action(w))
        return menu

    def like_tag(self) -> bool:
        """Show "read next" for the tag chosen here (papers most like it); False if no tag
        is chosen."""
        view = self.current_view()
        if view.kind != "tag":
            return False
        self._current = View("next", view.value)
        self.refresh()
        emit(self.viewChosen, self._current)
        return True

    def tag_menu(self) -> QMenu | None:
        """The context menu of the chosen tag (None on anything else)."""
        if self.current_view().kind != "tag":
            return None
        menu = QMenu(self)
        menu.addAction(tr("Read next like this tag")).triggered.connect(lambda: self.like_tag())
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        self.setCurrentItem(item)
        menu = self.saved_menu() or self.tag_menu()
        if menu is not None:
            menu.aboutToHide.connect(menu.deleteLater)
            menu.popup(self.viewport().mapToGlobal(pos))

    def _saved_target(self, pos: QPoint) -> QTreeWidgetItem | None:
        item = self.itemAt(pos)
        view = item.data(0, ViewRole) if item is not None else None
        return item if view is not None and view.kind == "saved" else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Only a saved search is dragged, and only within the sidebar."""
        if event.source() is self and self.chosen_saved() is not None:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        """A saved search can be dropped on another one only."""
        if event.source() is self and self._saved_target(event.position().toPoint()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """A saved search dropped on another takes its place (the tree is redrawn after)."""
        target = self._saved_target(event.position().toPoint())
        search = self.chosen_saved()
        event.ignore()  # the items are not moved here: the change redraws them
        if target is None or search is None or event.source() is not self:
            return
        ids = [s.id for s in self.saved]
        place = ids.index(target.data(0, ViewRole).value)
        if place != ids.index(search.id):
            emit(self.moveRequested, search.id, place)


class SavedCounter(QObject):
    """Counts the papers each saved search finds, in its own thread with its own library
    and index; a request older than the newest one is skipped."""

    counted = Signal(int, object)  # round, {id: count}

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.latest = 0
        self._opened = ThreadShelf(folder)

    @Slot(int, object)
    def count(self, round_: int, searches: list[tuple[int, str]]) -> None:
        """Count each (id, query); the index is let go after, so the next round reads it as
        it is then."""
        if round_ < self.latest:
            return
        counts: dict[int, int] = {}
        try:
            shelf = self._opened.get()
            for search_id, query in searches:
                counts[search_id] = shelf.searcher.search(query).total
        except (index_missing(), OSError, PapershelfError) as exc:  # not built yet, swapped
            log.info("saved searches not counted: %s", exc)
        finally:
            self._opened.close_index()
        emit(self.counted, round_, counts)

    @Slot()
    def shutdown(self) -> None:
        """Close what this thread opened."""
        self._opened.close()


def _stem(source: str) -> str:
    """A file name without its folder and extension ("clipboard" stays as it is)."""
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name

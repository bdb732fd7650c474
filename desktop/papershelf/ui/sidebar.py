"""The sidebar: read-status views, everything, recently added, the trash, import batches and
tags, counted.

Counts come straight from SQLite (each a grouped query on an indexed column) and are refreshed
after every change; the selected view survives a refresh.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from papershelf.core.library import Library
from papershelf.core.listing import View, recent_count
from papershelf.ui.signals import emit

ViewRole = Qt.ItemDataRole.UserRole + 1
BATCHES_SHOWN = 12


class Sidebar(QTreeWidget):
    """A tree of views with counts; emits ``viewChosen`` when the user picks one."""

    viewChosen = Signal(object)

    def __init__(self, library: Library, parent: Any = None):
        super().__init__(parent)
        self.library = library
        self.setObjectName("sidebar")
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
        section = self._section("Library")
        for status, label in (("unread", "Unread"), ("reading", "Reading"), ("read", "Read")):
            self._entry(section, label, counts[status], View("status", status))
        self._entry(section, "All papers", sum(counts.values()), View())
        self._entry(section, "Recently added", recent_count(conn), View("recent"))
        trash = self._entry(section, "Trash", self.library.trash_count(), View("trash"))
        trash.setToolTip(0, "Papers moved to the trash (Delete); Ctrl+Shift+R restores them")
        self._batches(conn)
        tags = self.library.tag_counts()
        if tags:
            section = self._section("Tags")
            for name, n in tags:
                self._entry(section, name, n, View("tag", name))
        self.expandAll()
        self.setItemsExpandable(False)
        item = self._item_for(self._current)
        if item is None:
            self._current = View()
            item = self._item_for(self._current)
        self.setCurrentItem(item)
        self.blockSignals(False)
        self.resizeColumnToContents(1)

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
        """The count shown beside a view (for tests and the status bar)."""
        item = self._item_for(view)
        return int(item.text(1)) if item is not None else None

    def _batches(self, conn: sqlite3.Connection) -> None:
        batches = self.library.batches()[:BATCHES_SHOWN]
        if not batches:
            return
        section = self._section("Imports")
        for batch in batches:
            n = conn.execute(
                "SELECT count(*) FROM papers WHERE batch_id = ? AND trashed IS NULL", [batch["id"]]
            ).fetchone()[0]
            label = batch["tag"] or _stem(batch["source"]) or batch["format"]
            entry = self._entry(section, label, n, View("batch", batch["id"]))
            entry.setToolTip(0, f"{batch['source']} ({batch['format']}), {batch['created'][:16]}")

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
        self, parent: QTreeWidgetItem, label: str, count: int, view: View
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label, f"{count}"])
        item.setData(0, ViewRole, view)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, self.palette().placeholderText())
        return item

    def _item_for(self, view: View) -> QTreeWidgetItem | None:
        for n in range(self.topLevelItemCount()):
            section = self.topLevelItem(n)
            for m in range(section.childCount()):
                child = section.child(m)
                if child.data(0, ViewRole) == view:
                    return child
        return None

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        view = item.data(0, ViewRole) if item is not None else None
        if view is not None and view != self._current:
            self._current = view
            emit(self.viewChosen, view)


def _stem(source: str) -> str:
    """A file name without its folder and extension ("clipboard" stays as it is)."""
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name

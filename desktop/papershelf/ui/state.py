"""What the window remembers between runs (QSettings): geometry, panes, columns, sort, view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView

from papershelf.core.listing import SORT_COLUMNS, View
from papershelf.ui.listmodel import COLUMNS

ORGANIZATION = "Papershelf"
APPLICATION = "Papershelf"


class WindowState:
    """Saves and restores one main window's layout in the given settings."""

    def __init__(self, window: Any, settings: QSettings):
        self.window = window
        self.settings = settings

    def restore(self) -> None:
        """Apply saved geometry, splitter sizes, column widths, sort order and view."""
        s, w = self.settings, self.window
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            w.restoreGeometry(geometry)
        else:
            screen = w.screen().availableGeometry()
            w.resize(min(1440, int(screen.width() * 0.92)), min(900, int(screen.height() * 0.9)))
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            w.splitter.restoreState(splitter)
        else:  # shares of the window's width (the list takes any later change in width)
            width = max(w.width(), 600)
            w.splitter.setSizes([int(width * 0.15), int(width * 0.5), int(width * 0.35)])
        columns = s.value("list/columns")
        if isinstance(columns, QByteArray) and not columns.isEmpty():
            w.list.horizontalHeader().restoreState(columns)
            w.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        column = str(s.value("list/sort_column", "added"))
        descending = str(s.value("list/sort_descending", "true")).lower() == "true"
        if column not in SORT_COLUMNS:
            column, descending = "added", True
        w.sort = (column, descending)
        self._show_sort(column, descending)
        view = View.from_key(str(s.value("sidebar/view", "status:unread")))
        w.sidebar.remember(view)

    def _show_sort(self, column: str, descending: bool) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.window.list.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(COLUMNS.index(column), order)
        header.blockSignals(False)
        self.window.list.setSortingEnabled(True)

    def save(self) -> None:
        """Write the current layout, sort order and view."""
        s, w = self.settings, self.window
        s.setValue("window/geometry", w.saveGeometry())
        s.setValue("window/splitter", w.splitter.saveState())
        s.setValue("list/columns", w.list.horizontalHeader().saveState())
        column, descending = w.sort
        s.setValue("list/sort_column", column)
        s.setValue("list/sort_descending", "true" if descending else "false")
        s.setValue("sidebar/view", w.sidebar.current_view().key())
        s.sync()

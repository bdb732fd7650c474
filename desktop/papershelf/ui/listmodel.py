"""The paper list's model: an ordered list of ids, with rows fetched from SQLite a page at a time.

The model never holds 100k rows: it keeps the ids in display order and a bounded cache of the
rows recently painted. Sorting is decided in SQL by the search worker; clicking a header only
asks for a new id list (``sortRequested``).
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from papershelf.core.display import readable_title
from papershelf.core.hits import paper_snippet
from papershelf.core.listing import Row, rows, texts
from papershelf.ui import plain
from papershelf.ui.signals import emit

COLUMNS = ("title", "authors", "year", "tags", "status", "added")
HEADERS = {  # shown translated
    "title": "Title",
    "authors": "Authors",
    "year": "Year",
    "tags": "Tags",
    "status": "Status",
    "added": "Added",
}
STATUS_LABELS = {"unread": "Unread", "reading": "Reading", "read": "Read"}  # shown translated
PAGE = 200
CACHE_LIMIT = 5000
IdRole = Qt.ItemDataRole.UserRole + 1
SnippetRole = Qt.ItemDataRole.UserRole + 2  # (line, hit spans) under the title, or None

AnyIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("PaperList", text)


def status_label(status: str) -> str:
    """A read status as the list and the detail pane show it ("Unread")."""
    label = STATUS_LABELS.get(status)
    return tr(label) if label is not None else status


class PaperTableModel(QAbstractTableModel):
    """Rows of papers by id; the data of a row is read on demand, a page at a time."""

    sortRequested = Signal(str, bool)

    def __init__(self, conn: sqlite3.Connection, parent: Any = None):
        super().__init__(parent)
        self.conn = conn
        self.ids: list[int] = []
        self._positions: dict[int, int] | None = None
        self._cache: OrderedDict[int, Row] = OrderedDict()
        # While a search has words: each listed paper's abstract and note, read with its row,
        # and the snippet cut from them when the row is first painted.
        self.terms: frozenset[str] = frozenset()
        self._texts: dict[int, tuple[str, str]] = {}
        self._snippets: dict[int, tuple[str, list[tuple[int, int]]]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- contents ----------------------------------------------------------------------------

    def set_ids(
        self,
        ids: list[int],
        terms: frozenset[str] = frozenset(),
        snippets: dict[int, tuple[str, list[tuple[int, int]]]] | None = None,
    ) -> None:
        """Show these papers, in this order; with the search's ``terms``, a snippet of each
        paper's text around its first hit under its title (``snippets``: those of the first
        rows, cut by the search's thread, so the first paint has nothing to analyse)."""
        self.beginResetModel()
        self.ids = list(ids)
        self.terms = terms
        self._positions = None
        self._cache.clear()
        self._texts.clear()
        self._snippets.clear()
        if terms and snippets:
            self._snippets.update(snippets)
        self.endResetModel()

    def snippet(self, row: int) -> tuple[str, list[tuple[int, int]]] | None:
        """The line under a row's title (its abstract or note around the first hit, the hits'
        spans in it); None when the search has no words."""
        if not self.terms or not 0 <= row < len(self.ids):
            return None
        paper_id = self.ids[row]
        found = self._snippets.get(paper_id)
        if found is None:
            if paper_id not in self._texts:
                self._fetch_page(row)
            abstract, note = self._texts.get(paper_id, ("", ""))
            found = paper_snippet(abstract, note, self.terms)
            self._snippets[paper_id] = found
        return found

    def refresh_papers(self, ids: set[int] | frozenset[int]) -> None:
        """Re-read these papers (their status or tags changed) and repaint their rows."""
        for paper_id in ids:
            self._cache.pop(paper_id, None)
        for paper_id in ids:
            row = self.row_of(paper_id)
            if row is not None:
                emit(self.dataChanged, self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, paper_id: int) -> int | None:
        """Where a paper is in the list, or None."""
        if self._positions is None:
            self._positions = {pid: n for n, pid in enumerate(self.ids)}
        return self._positions.get(paper_id)

    def paper_row(self, row: int) -> Row | None:
        """The row data at a list position, fetching its page if needed."""
        if not 0 <= row < len(self.ids):
            return None
        paper_id = self.ids[row]
        cached = self._cache.get(paper_id)
        if cached is None:
            self._fetch_page(row)
            cached = self._cache.get(paper_id)
        return cached

    def _fetch_page(self, row: int) -> None:
        start = max(0, row - PAGE // 4)
        wanted = [i for i in self.ids[start : start + PAGE] if i not in self._cache]
        self._cache.update(rows(self.conn, wanted))
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)
        if self.terms:
            page = [i for i in self.ids[start : start + PAGE] if i not in self._texts]
            self._texts.update(texts(self.conn, page))
            if len(self._texts) > CACHE_LIMIT:
                self._texts.clear()
                self._snippets.clear()

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """How many papers the list holds."""
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """The fixed set of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[COLUMNS[section]])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, bold for unread papers, the paper id under IdRole."""
        if not index.isValid():
            return None
        if role == IdRole:
            return self.ids[index.row()]
        if role == SnippetRole:
            return self.snippet(index.row()) if index.column() == 0 else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.paper_row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row.status == "unread" else None
        text = cell_text(row, COLUMNS[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:  # escaped in a paragraph: shown as written
            return plain.tooltip(text) if index.column() in (0, 1, 3) and text else None
        return text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the list in another order (the worker sorts in SQL)."""
        emit(self.sortRequested, COLUMNS[column], order == Qt.SortOrder.DescendingOrder)


def cell_text(row: Row, column: str) -> str:
    """What the list shows in one cell."""
    if column == "title":
        return readable_title(row.title)
    if column == "authors":
        return _authors(row.authors)
    if column == "year":
        return str(row.year) if row.year else ""
    if column == "tags":
        return ", ".join(row.tags)
    if column == "status":
        return status_label(row.status)
    return row.added[:10]


def _authors(authors: list[str]) -> str:
    if len(authors) > 3:
        return f"{authors[0]}, {authors[1]}, … (+{len(authors) - 2})"
    return ", ".join(authors)

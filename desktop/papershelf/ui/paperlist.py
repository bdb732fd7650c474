"""The paper list pane: the table view over the lazy model, and moving through it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from papershelf.ui.listmodel import COLUMNS, PaperTableModel, SnippetRole

DEFAULT_WIDTHS = {"authors": 140, "year": 50, "tags": 100, "status": 70, "added": 92}


class PaperList(QTableView):
    """A row-selecting, multi-selecting table of papers."""

    def __init__(self, model: PaperTableModel, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("paperList")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        header.setSectionsMovable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for n, name in enumerate(COLUMNS):
            if name in DEFAULT_WIDTHS:
                self.setColumnWidth(n, DEFAULT_WIDTHS[name])
        self.setItemDelegateForColumn(0, TitleDelegate(self))
        self.snippets = False

    def show_snippets(self, shown: bool) -> None:
        """Rows of two lines, the title and a snippet of the hit under it, or of one."""
        if shown == self.snippets:
            return
        self.snippets = shown
        line = self.fontMetrics().height()
        self.verticalHeader().setDefaultSectionSize(line * 2 + 10 if shown else line + 10)

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """No type-ahead: a letter with no action must not jump the list to a title."""

    @property
    def papers(self) -> PaperTableModel:
        """The model, typed."""
        model = self.model()
        assert isinstance(model, PaperTableModel)
        return model

    def selected_ids(self) -> list[int]:
        """The ids of the selected papers, in list order (the current one if none selected)."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return [self.papers.ids[r] for r in rows if r < len(self.papers.ids)]

    def current_id(self) -> int | None:
        """The id of the current paper, or None."""
        row = self.currentIndex().row()
        return self.papers.ids[row] if 0 <= row < len(self.papers.ids) else None

    def select_row(self, row: int) -> None:
        """Make ``row`` current and the only selection, scrolled into view."""
        if not self.papers.ids:
            return
        row = max(0, min(row, len(self.papers.ids) - 1))
        index = self.papers.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def also_select(self, ids: Iterable[int]) -> None:
        """Add these papers, those the list shows, to the selection (the current one stays)."""
        selection = QItemSelection()
        for paper_id in ids:
            row = self.papers.row_of(paper_id)
            if row is not None:
                index = self.papers.index(row, 0)
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().select(selection, flags)

    def move(self, step: int) -> None:
        """Select the next (step 1) or previous (step -1) paper."""
        current = self.currentIndex().row()
        self.select_row(0 if current < 0 else current + step)


class TitleDelegate(QStyledItemDelegate):
    """The title cell; while a search has words, the title over a line of the paper's text
    around the hit, the hit's words in bold, in the palette's muted colour (drawn as plain
    text: nothing from a paper is ever read as markup)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        found = index.data(SnippetRole)
        if found is None:
            super().paint(painter, option, index)
            return
        line, spans = found
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        title = item.text
        item.text = ""
        style = item.widget.style() if item.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        area = item.rect.adjusted(4, 3, -4, -3)
        painter.save()
        painter.setFont(item.font)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(item.palette.color(text_role))
        metrics = QFontMetrics(item.font)
        top = QRect(area.left(), area.top(), area.width(), metrics.height())
        elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        muted = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.setPen(item.palette.color(muted))
        plain = QFont(item.font)
        plain.setBold(False)
        bold = QFont(plain)
        bold.setBold(True)
        x, y = area.left(), top.bottom() + 1
        for piece, hit in _pieces(line, spans):
            font = bold if hit else plain
            fits = QFontMetrics(font)
            width = fits.horizontalAdvance(piece)
            room = area.right() - x
            if width > room:
                piece = fits.elidedText(piece, Qt.TextElideMode.ElideRight, room)
                width = room
            painter.setFont(font)
            painter.drawText(
                QRect(x, y, max(0, width), fits.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                piece,
            )
            x += width
            if x >= area.right():
                break
        painter.restore()


def _pieces(line: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``line`` cut into runs of plain text and of hits."""
    pieces, at = [], 0
    for start, end in spans:
        if start > at:
            pieces.append((line[at:start], False))
        pieces.append((line[start:end], True))
        at = end
    if at < len(line):
        pieces.append((line[at:], False))
    return pieces

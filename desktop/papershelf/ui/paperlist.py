"""The paper list pane: the table view over the lazy model, and moving through it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
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
TITLE_SHARE = 0.45  # of the list's width, the title keeps at least this much while it can
SQUEEZABLE = ("authors", "tags")  # given up for the title, down to SQUEEZED_MIN
SQUEEZED_MIN = 60


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("PaperList", text)


class PaperList(QTableView):
    """A row-selecting, multi-selecting table of papers."""

    def __init__(self, model: PaperTableModel, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("paperList")
        self.setAccessibleName(tr("Paper list"))
        self.setAccessibleDescription(
            tr("The papers of the view and the search; j and k move, Enter opens the details")
        )
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
        self.squeezed: dict[str, int] = {}  # columns narrowed for the title: their own width

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the title readable as the list narrows (and give back as it widens)."""
        super().resizeEvent(event)
        self.share_width()

    def share_width(self) -> None:
        """Narrow the authors and tags columns (not below ``SQUEEZED_MIN``) while the title
        would get less than ``TITLE_SHARE`` of the width; widen them back, up to their own
        width, when there is room. A width the user chose (not the default) is left alone."""
        header = self.horizontalHeader()
        width = self.viewport().width()
        if width <= 0:
            return
        others = sum(
            header.sectionSize(n) for n in range(1, len(COLUMNS)) if not self.isColumnHidden(n)
        )
        spare = width - others - int(width * TITLE_SHARE)  # < 0: the title is short of room
        for name in SQUEEZABLE:
            n = COLUMNS.index(name)
            now = header.sectionSize(n)
            own = self.squeezed.get(name, now)
            if self.isColumnHidden(n) or own != DEFAULT_WIDTHS[name]:
                continue
            if spare < 0:
                target = max(SQUEEZED_MIN, now + spare)
            elif spare > 0 and name in self.squeezed:
                target = min(own, now + spare)
            else:
                continue
            if target != now:
                self.squeezed[name] = own
                self.setColumnWidth(n, target)
                spare -= target - now
            if target == own:
                self.squeezed.pop(name, None)

    def fit_columns(self, filled: set[str]) -> None:
        """Columns no paper has anything in are hidden, so the title has the room; one comes
        back when a paper gets a value for it."""
        for n, name in enumerate(COLUMNS):
            if name in DEFAULT_WIDTHS:
                self.setColumnHidden(n, name not in filled)
        self.share_width()

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

    def move_by(self, step: int) -> None:
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

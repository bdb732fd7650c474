"""The paper list pane: the table view over the lazy model, and moving through it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from papershelf.ui.listmodel import COLUMNS, PaperTableModel

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

"""The import preview: what an import would do, paper by paper, before anything is written.

A summary line ("120 papers (Hugging Face papers page) · 118 new · 2 already in your
library"), then a list: the papers found with what the import would do to each, the blocks that
could not be read with the reason, and the page text that was skipped (collapsed: menus,
banners, avatars). Every text here comes from the file, so every widget shows plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from papershelf.core.importers import Importer, Source
from papershelf.core.importing import ImportReport

OUTCOMES = {"new": "new", "updated": "will fill in", "duplicate": "already there"}


def plain_label(text: str) -> QLabel:
    """A label that never reads its text as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ImportPreview(QDialog):
    """The dry run's report, a tag for the batch, and Import / Cancel."""

    def __init__(self, source: Source, importer: Importer, parent: Any = None):
        super().__init__(parent)
        self.source = source
        self.setObjectName("importPreview")
        self.setWindowTitle("Import papers")
        self.setMinimumWidth(560)
        self.resize(780, 300)
        self.summary = plain_label("Reading…")
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.details = QTreeWidget()
        self.details.setObjectName("previewDetails")
        self.details.setHeaderLabels(["Line", "", "Title or text"])
        self.details.setRootIsDecorated(True)
        self.details.setUniformRowHeights(True)
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.details.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details.hide()
        self.tag = QLineEdit()
        self.tag.setObjectName("previewTag")
        self.tag.setPlaceholderText("optional: tag every paper of this import")
        form = QFormLayout()
        form.addRow("Source:", plain_label(Path(source.name).name or source.name))
        form.addRow("Format:", plain_label(importer.label))
        form.addRow("Tag:", self.tag)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.details, 1)
        box.addLayout(form)
        box.addWidget(self.buttons)

        self.counted = False  # whether the summary shows the dry run's counts

    def allow_early_import(self) -> None:
        """A large file: Import works now; the counts follow when the dry run ends."""
        self.summary.setText("Counting the papers in this large file; you can import now.")
        self._enable_import()

    def show_progress(self, done: int, total: int) -> None:
        """How far the count has read, for a large file."""
        if total and not self.counted:
            self.summary.setText(
                f"Counting the papers in this large file: {100 * done // total}% read; "
                "you can import now."
            )

    def show_report(self, report: ImportReport) -> None:
        """Fill in the dry run's counts and lists and let the user import."""
        self.counted = True
        self.summary.setText(summary(report))
        total = report.new + report.updated + report.duplicates
        if report.refusing:
            self.import_button.setText(f"Import the {total} readable papers")
        self._fill(report)
        self._enable_import()

    def _fill(self, report: ImportReport) -> None:
        self.details.clear()
        total = report.new + report.updated + report.duplicates
        shown = f"{total} papers found" + (
            f" (the first {len(report.found)} listed)" if len(report.found) < total else ""
        )
        papers = self._group(shown, expanded=True)
        for found in report.found:
            papers.addChild(_row(found.line, OUTCOMES.get(found.outcome, ""), found.title))
        if report.skipped:
            broken = self._group(f"{len(report.skipped)} could not be read", expanded=True)
            for skip in report.skipped:
                broken.addChild(_row(skip.line, "skipped", skip.reason))
        if report.furniture:
            page = self._group(f"{report.furniture} lines of page text skipped", expanded=False)
            for item in report.furniture_lines:
                page.addChild(_row(item.line, "", item.text or "(a link)"))
        self.details.show()
        self.details.scrollToTop()
        self.resize(self.width(), max(self.height(), 560))

    def _group(self, title: str, *, expanded: bool) -> QTreeWidgetItem:
        group = QTreeWidgetItem([title])
        self.details.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        group.setExpanded(expanded)
        return group

    def _enable_import(self) -> None:
        self.import_button.setEnabled(True)
        self.import_button.setDefault(True)  # Enter imports, from the tag field too
        self.tag.setFocus()  # the one thing to type: a tag for the batch, if any

    def show_error(self, message: str) -> None:
        """The dry run failed: say why; only Cancel remains."""
        self.summary.setText(message)


def summary(report: ImportReport) -> str:
    """ "65 papers (Hugging Face papers page) · 60 new · 5 already in your library"."""
    total = report.new + report.updated + report.duplicates
    parts = [f"{total} papers ({report.label})", f"{report.new} new"]
    if report.updated:
        parts.append(f"{report.updated} to update")
    if report.duplicates:
        parts.append(f"{report.duplicates} already in your library")
    if report.refusing:
        first = report.refusing[0]
        parts.append(
            f"{len(report.refusing)} unreadable (first: line {first.line}, "
            f"{first.reason.rstrip('.')})"
        )
    elif report.skipped:
        parts.append(f"{len(report.skipped)} blocks could not be read")
    if report.furniture:
        parts.append(f"{report.furniture} lines of page text skipped")
    return " · ".join(parts)


def _row(line: int, what: str, text: str) -> QTreeWidgetItem:
    return QTreeWidgetItem([str(line) if line else "", what, " ".join(text.split())[:300]])

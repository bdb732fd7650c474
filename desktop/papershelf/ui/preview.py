"""The import preview: what an import would do, paper by paper, before anything is written.

A summary line ("120 papers (Hugging Face papers page) · 118 new · 2 already in your
library"), then a list: the papers found with what the import would do to each, the blocks that
could not be read with the reason, and the page text that was skipped (collapsed: menus,
banners, avatars). Every text here comes from the file, so every widget shows plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from papershelf.ui import plain

if TYPE_CHECKING:  # the importers load when an import starts, not with the window
    from papershelf.core.importers import Importer, Source
    from papershelf.core.importing import ImportReport


OUTCOMES = {"new": "new", "updated": "will fill in", "duplicate": "already there"}  # translated


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("ImportPreview", text)


class ImportPreview(QDialog):
    """The dry run's report, a tag for the batch, and Import / Cancel."""

    def __init__(self, source: Source, importer: Importer, parent: Any = None):
        super().__init__(parent)
        self.source = source
        self.setObjectName("importPreview")
        self.setWindowTitle(tr("Import papers"))
        self.setMinimumWidth(560)
        self.resize(780, 300)
        self.summary = plain.label(tr("Reading…"))
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.details = QTreeWidget()
        self.details.setObjectName("previewDetails")
        self.details.setHeaderLabels([tr("Line"), "", tr("Title or text")])
        self.details.setAccessibleName(tr("What the import would do"))
        self.details.setAccessibleDescription(
            tr("The papers found, the blocks that could not be read and the page text skipped")
        )
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
        self.tag.setPlaceholderText(tr("optional: tag every paper of this import"))
        self.tag.setAccessibleName(tr("Tag for this import"))
        form = QFormLayout()
        form.addRow(tr("Source:"), plain.label(Path(source.name).name or source.name))
        form.addRow(tr("Format:"), plain.label(importer.label))  # the core's name for it
        form.addRow(tr("Tag:"), self.tag)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(tr("Import"))
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
        self.summary.setText(tr("Counting the papers in this large file; you can import now."))
        self._enable_import()

    def show_progress(self, done: int, total: int) -> None:
        """How far the count has read, for a large file."""
        if total and not self.counted:
            self.summary.setText(
                tr(
                    "Counting the papers in this large file: {percent}% read; you can import now."
                ).format(percent=100 * done // total)
            )

    def show_report(self, report: ImportReport) -> None:
        """Fill in the dry run's counts and lists and let the user import."""
        self.counted = True
        self.summary.setText(summary(report))
        total = report.new + report.updated + report.duplicates
        if report.refusing:
            self.import_button.setText(tr("Import the {total} readable papers").format(total=total))
        self._fill(report)
        self._enable_import()

    def _fill(self, report: ImportReport) -> None:
        self.details.clear()
        total = report.new + report.updated + report.duplicates
        some = len(report.found) < total
        shown = (
            tr("{total} papers found (the first {listed} listed)")
            if some
            else tr("{total} papers found")
        ).format(total=total, listed=len(report.found))
        papers = self._group(shown, expanded=True)
        for found in report.found:
            outcome = OUTCOMES.get(found.outcome)
            papers.addChild(_row(found.line, tr(outcome) if outcome else "", found.title))
        if report.skipped:
            said = tr("{count} could not be read").format(count=len(report.skipped))
            broken = self._group(said, expanded=True)
            for skip in report.skipped:
                broken.addChild(_row(skip.line, tr("skipped"), skip.reason))  # the core's reason
        if report.furniture:
            said = tr("{count} lines of page text skipped").format(count=report.furniture)
            page = self._group(said, expanded=False)
            for item in report.furniture_lines:
                page.addChild(_row(item.line, "", item.text or tr("(a link)")))
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
    parts = [
        tr("{total} papers ({format})").format(total=total, format=report.label),
        tr("{count} new").format(count=report.new),
    ]
    if report.updated:
        parts.append(tr("{count} to update").format(count=report.updated))
    if report.duplicates:
        parts.append(tr("{count} already in your library").format(count=report.duplicates))
    if report.refusing:
        first = report.refusing[0]
        parts.append(
            tr("{count} unreadable (first: line {line}, {reason})").format(
                count=len(report.refusing), line=first.line, reason=first.reason.rstrip(".")
            )
        )
    elif report.skipped:
        parts.append(tr("{count} blocks could not be read").format(count=len(report.skipped)))
    if report.furniture:
        parts.append(tr("{count} lines of page text skipped").format(count=report.furniture))
    return " · ".join(parts)


def _row(line: int, what: str, text: str) -> QTreeWidgetItem:
    return QTreeWidgetItem([str(line) if line else "", what, " ".join(text.split())[:300]])

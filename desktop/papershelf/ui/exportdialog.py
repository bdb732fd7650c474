"""File → Export (Ctrl+E): which papers, which format, where to; and copying a citation.

The dialog offers the selected papers (when more than one is selected) or the papers the list
shows now (the current view or search), a format from ``core.exporting.FORMATS`` and a
destination: a file, or a folder for the Markdown notes. The export itself runs off the UI
thread (``ExportJob``), reading through its own connection. The last format and folder are
remembered. ``citation`` is the BibTeX ``c`` puts on the clipboard.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from papershelf.core import exporting
from papershelf.core.exporting import ExportResult, Format
from papershelf.core.library import Library
from papershelf.ui import plain
from papershelf.ui.i18n import counted
from papershelf.ui.jobs import Job

# What a file of each format is called by default (the Markdown notes are a folder).
DEFAULT_NAMES = {
    "bibtex": "papers.bib",
    "ris": "papers.ris",
    "csl-json": "papers.csl.json",
    "csv": "papers.csv",
    "json": "papers.papershelf.json",
    "markdown": "papershelf-notes",
}
FILTERS = {  # shown translated
    "bibtex": "BibTeX (*.bib)",
    "ris": "RIS (*.ris)",
    "csl-json": "CSL-JSON (*.json)",
    "csv": "CSV (*.csv)",
    "json": "Papershelf JSON (*.json)",
}


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Export", text)


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog was asked for: the papers' ids, the format, the destination."""

    ids: list[int]
    fmt: Format
    output: Path


class ExportDialog(QDialog):
    """Choose the papers, the format and the destination; ``request`` once accepted."""

    def __init__(
        self,
        selected: list[int],
        shown: list[int],
        view: str,
        settings: QSettings,
        parent: Any = None,
    ):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(tr("Export"))
        self.setMinimumWidth(560)
        self.settings = settings
        self.request: ExportRequest | None = None
        self._selected, self._shown = selected, shown

        self.selected_choice = QRadioButton(
            counted(
                "Export", len(selected), "The {count} selected paper", "The {count} selected papers"
            )
        )
        self.shown_choice = QRadioButton(
            counted(
                "Export",
                len(shown),
                "The {count} paper in {view}",
                "The {count} papers in {view}",
                view=plain.keep_ampersands(view),  # a tag's or a search's &, not a shortcut key
            )
        )
        self.selected_choice.setEnabled(bool(selected))
        self.shown_choice.setEnabled(bool(shown))
        (self.selected_choice if len(selected) > 1 else self.shown_choice).setChecked(True)
        if not shown:
            self.selected_choice.setChecked(True)

        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        self.format.setAccessibleName(tr("Format"))
        for fmt in exporting.FORMATS:
            self.format.addItem(fmt.label, fmt.name)
        last = str(settings.value("export/format", "bibtex"))
        self.format.setCurrentIndex(max(0, self.format.findData(last)))

        self.destination = QLineEdit()
        self.destination.setObjectName("exportDestination")
        self.destination.setAccessibleName(tr("Save to"))
        self.destination.setAccessibleDescription(tr("The file, or for Markdown notes the folder"))
        choose = QPushButton(tr("Choose…"))
        choose.setAccessibleName(tr("Choose where to save"))
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(choose)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("exportProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a path
        self.problem.setWordWrap(True)
        self.format.currentIndexChanged.connect(self._format_changed)

        form = QFormLayout()
        papers = QVBoxLayout()
        papers.addWidget(self.selected_choice)
        papers.addWidget(self.shown_choice)
        holder = QWidget()
        holder.setLayout(papers)
        form.addRow(tr("Papers"), holder)
        form.addRow(tr("Format"), self.format)
        save_to = QLabel(tr("Save to"))
        save_to.setBuddy(self.destination)  # the row is a layout, which cannot be a buddy
        form.addRow(save_to, where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.hint)
        box.addWidget(self.problem)
        box.addWidget(buttons)
        self._format_changed()

    def chosen_format(self) -> Format:
        """The format chosen in the list."""
        return exporting.by_name(str(self.format.currentData()))

    def _folder(self) -> Path:
        text = self.destination.text().strip()
        if text:
            return Path(text).expanduser().parent
        documents = Path.home() / "Documents"
        default = documents if documents.is_dir() else Path.home()
        return Path(str(self.settings.value("export/folder", str(default))))

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        self.destination.setText(str(self._folder() / DEFAULT_NAMES[fmt.name]))
        self.hint.setText(
            tr(
                "A folder of Markdown notes, one a paper, with YAML front matter; exporting "
                "again updates the notes it wrote."
            )
            if fmt.folder
            else tr(
                "Papershelf JSON keeps everything (tags, notes, highlights, reading history) "
                "and imports back as it was."
            )
            if fmt.name == "json"
            else ""
        )
        self.hint.setVisible(bool(self.hint.text()))
        self.problem.hide()

    def _choose(self) -> None:
        fmt = self.chosen_format()
        current = self.destination.text().strip()
        if fmt.folder:
            path = QFileDialog.getExistingDirectory(self, tr("Export notes to"), current)
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("Export to"), current, tr(FILTERS[fmt.name])
            )
        if path:
            self.destination.setText(path)

    def _accept(self) -> None:
        fmt = self.chosen_format()
        text = self.destination.text().strip()
        if not text:
            self._say(tr("Choose where to save the export."))
            return
        output = Path(text).expanduser()
        try:
            exporting.check_target(fmt, output)
        except exporting.ExportFailed as exc:
            self._say(str(exc))
            return
        ids = self._selected if self.selected_choice.isChecked() else self._shown
        self.settings.setValue("export/format", fmt.name)
        self.settings.setValue("export/folder", str(output.parent))
        self.request = ExportRequest(list(ids), fmt, output)
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


def export_job(folder: Path, request: ExportRequest, parent: Any = None) -> Job:
    """The export, run off the UI thread; ``succeeded`` carries its ``ExportResult``."""

    def work(library: Library, _job: Job) -> ExportResult:
        return exporting.export(library, request.ids, request.fmt, output=request.output)

    return Job(folder, work, parent)


def done_message(request: ExportRequest, result: ExportResult) -> str:
    """What the status bar says once an export is written."""
    if result.written is None:
        one, many = "Exported {count} paper to {output}.", "Exported {count} papers to {output}."
    else:
        one = "Exported {count} paper to {output} ({written} notes written, {unchanged} unchanged)."
        many = (
            "Exported {count} papers to {output} ({written} notes written, {unchanged} unchanged)."
        )
    return counted(
        "Export",
        result.count,
        one,
        many,
        output=request.output,
        written=result.written,
        unchanged=result.unchanged,
    )


def citation(library: Library, ids: list[int]) -> str:
    """The BibTeX entries of these papers, as ``c`` copies them."""
    out = io.StringIO()
    exporting.export(library, ids, exporting.by_name("bibtex"), out=out)
    return out.getvalue()

"""The paper's fields as a form (``e``): title, authors, year, venue, DOI, arXiv id, links.

Only the fields the user changed are sent to ``edit_fields``, one operation; those become the
user's, and a later import never overwrites them. A value the core refuses (a year of three
digits, a DOI another paper has) is said under the form, which stays open to correct it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.errors import PapershelfError
from papershelf.ui.dialogs import error_label, save_buttons

LISTS = {"authors": "one author a line", "links": "one link a line"}  # shown translated
LABELS = {  # shown translated
    "title": "Title",
    "authors": "Authors",
    "year": "Year",
    "venue": "Venue",
    "doi": "DOI",
    "arxiv_id": "arXiv id",
    "links": "Links",
}
Save = Callable[[dict[str, object]], None]  # raises PapershelfError to refuse


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("EditPaper", text)


class EditPaperDialog(QDialog):
    """A form over one paper's editable fields."""

    def __init__(self, paper: dict[str, Any], save: Save, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("editPaper")
        self.setWindowTitle(tr("Edit paper"))
        self.setMinimumWidth(620)
        self._save = save
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.original: dict[str, str] = {}
        form = QFormLayout()
        edited = set(json.loads(paper.get("edited") or "[]"))
        for name, label in LABELS.items():
            if name in LISTS:
                text = "\n".join(paper[name])  # a paper always has its lists (empty or not)
            else:
                value = paper.get(name)
                text = "" if value is None else str(value)
            widget: QLineEdit | QPlainTextEdit
            if name in LISTS:
                widget = QPlainTextEdit(text)
                widget.setPlaceholderText(tr(LISTS[name]))
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 4 + 12)
            else:
                widget = QLineEdit(text)
            widget.setObjectName(f"edit_{name}")
            widget.setAccessibleName(tr(label))
            if name in edited:
                widget.setAccessibleDescription(tr("Edited before; imports never overwrite it"))
            mark = " ✎" if name in edited else ""
            form.addRow(tr(label) + mark, widget)
            self.fields[name] = widget
            self.original[name] = text
        self.error = error_label("editError")
        hint = QLabel(tr("✎ marks a field you edited before; imports never overwrite those."))
        hint.setStyleSheet("color: palette(placeholder-text)")
        buttons = save_buttons(self, self._accept)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(hint)
        box.addWidget(self.error)
        box.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Take the keyboard at once, in the title."""
        super().showEvent(event)
        self.activateWindow()
        self.fields["title"].setFocus(Qt.FocusReason.PopupFocusReason)

    def field(self, name: str) -> QWidget:
        """The widget of one field (for tests)."""
        return self.fields[name]

    def changed(self) -> dict[str, object]:
        """The fields whose text differs from what the dialog opened with."""
        out: dict[str, object] = {}
        for name, widget in self.fields.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            if text.strip() != self.original[name].strip():
                out[name] = text.splitlines() if name in LISTS else text
        return out

    def _accept(self) -> None:
        values = self.changed()
        if values:
            try:
                self._save(values)
            except PapershelfError as exc:
                self.error.setText(str(exc))
                return
        self.accept()

"""Saving the current search (Ctrl+S), and renaming, removing and moving saved searches from
the sidebar, through the window's operations runner (so each is undoable).

The dialog asks for a name only; the query it saves is shown beside it as plain text (it is
the user's text, never markup). A name the core refuses (empty, or one another saved search
has) is said under the field, and the dialog stays open to correct it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from papershelf.core import saved
from papershelf.core.errors import PapershelfError
from papershelf.core.listing import View
from papershelf.core.textutil import squash
from papershelf.ui.dialogs import error_label, save_buttons

NAME_FROM_QUERY = 60  # a name prefilled from the query is cut to this many characters
Save = Callable[[str], None]  # raises PapershelfError to refuse the name


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("SavedSearch", text)


def suggested_name(query: str) -> str:
    """A name to start from: the query's words, cut to a short line."""
    words = " ".join(query.split())
    return words if len(words) <= NAME_FROM_QUERY else f"{words[: NAME_FROM_QUERY - 1]}…"


class SavedSearchDialog(QDialog):
    """A name for a query; Enter saves it through ``save``, Esc closes the dialog."""

    def __init__(self, title: str, name: str, query: str, save: Save, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearchDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._save = save
        self.name = QLineEdit(name)
        self.name.setObjectName("savedSearchName")
        self.name.setAccessibleName(tr("Name"))
        self.query = QLabel(query)
        self.query.setObjectName("savedSearchQuery")
        self.query.setTextFormat(Qt.TextFormat.PlainText)
        self.query.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.query.setWordWrap(True)
        self.query.setAccessibleName(tr("Search"))  # selectable: it takes a click's focus
        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Search"), self.query)
        self.error = error_label("savedSearchError")
        buttons = save_buttons(self, self._accept)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Take the keyboard at once, the name selected to type over."""
        super().showEvent(event)
        self.activateWindow()
        self.name.setFocus(Qt.FocusReason.PopupFocusReason)
        self.name.selectAll()

    def _accept(self) -> None:
        try:
            self._save(self.name.text())
        except PapershelfError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class SavedSearchFlow:
    """Ctrl+S and the sidebar's saved-search requests, for one window."""

    def __init__(self, window: Any):
        self.window = window
        self.dialog: SavedSearchDialog | None = None
        window.sidebar.renameRequested.connect(self.rename)
        window.sidebar.removeRequested.connect(self.remove)
        window.sidebar.moveRequested.connect(self.move)
        window.sidebar.viewChosen.connect(self._chosen)

    def _chosen(self, view: View) -> None:
        """A saved search chosen shows its papers: the box is emptied, to narrow it down."""
        if view.kind == "saved":
            self.window.search.clear_now()

    def save(self) -> None:
        """Ask for a name for the search shown (the box's text within the sidebar's view)."""
        w = self.window
        text = w.search.text()
        if not text.strip():
            w.statusBar().showMessage(
                tr("Type a search first; Ctrl+S saves it under a name."), 4000
            )
            return
        query = saved.view_query(w.library, w.sidebar.current_view(), text)

        def store(name: str) -> None:
            said = tr("Saved the search “{name}”; it is in the sidebar.").format(
                name=saved.clean_name(name)
            )
            w.ops.run(lambda library: saved.add(library, name, query), raising=True, message=said)

        self._open(SavedSearchDialog(tr("Save search"), suggested_name(text), query, store, w))

    def rename(self, search_id: int) -> None:
        """Ask for a new name for a saved search."""
        search = self._search(search_id)
        if search is None:
            return

        def store(name: str) -> None:
            if squash(name) != search.name:
                self.window.ops.run(
                    lambda library: saved.rename(library, search_id, name), raising=True
                )

        title = tr("Rename saved search")
        self._open(SavedSearchDialog(title, search.name, search.query, store, self.window))

    def remove(self, search_id: int) -> None:
        """Delete a saved search (Ctrl+Z brings it back)."""
        search = self._search(search_id)
        if search is not None:
            said = tr("Removed the saved search “{name}”; Ctrl+Z brings it back.").format(
                name=search.name
            )
            self.window.ops.run(lambda library: saved.remove(library, search_id), message=said)

    def move(self, search_id: int, place: int) -> None:
        """Put a saved search at another place in the sidebar."""
        self.window.ops.run(lambda library: saved.move(library, search_id, place))

    def _search(self, search_id: int) -> saved.SavedSearch | None:
        found = [s for s in saved.saved_searches(self.window.library) if s.id == search_id]
        return found[0] if found else None

    def _open(self, dialog: SavedSearchDialog) -> None:
        """Open window-modal; when it closes, the keyboard goes back where it was."""
        w = self.window
        back = QApplication.focusWidget() or w.list
        dialog.finished.connect(lambda _: (w.activateWindow(), back.setFocus()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()

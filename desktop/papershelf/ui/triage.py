"""Triage from the keyboard: marking and tagging the selected papers, one operation each.

Each call is one core operation (one transaction, a few milliseconds), run on the UI thread;
the window then repaints only the changed rows and the sidebar counts. While an import holds
the database's write lock, these wait for it to finish instead of freezing the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from papershelf.core import operations as ops
from papershelf.core.errors import PapershelfError
from papershelf.core.operations import Changes

BUSY = "An import is running; try again when it has finished."


class Triage:
    """Status and tag changes on the window's selection."""

    def __init__(self, window: Any):
        self.window = window
        self._tag_ids: list[int] = []

    def _selection(self) -> list[int]:
        ids = self.window.list.selected_ids()
        if not ids:
            self.window.statusBar().showMessage("Select a paper first.", 3000)
        return ids

    def _apply(
        self, change: Callable[[], Changes], message: str, status: str | None = None
    ) -> bool:
        if self.window.imports.busy():
            self.window.statusBar().showMessage(BUSY, 4000)
            return False
        try:
            changes = change()
        except PapershelfError as exc:
            self.window.statusBar().showMessage(str(exc), 6000)
            return False
        self.window.refresh_after_change(changes, status)
        self.window.statusBar().showMessage(message, 3000)
        return True

    def set_status(self, status: str) -> None:
        """Mark the selection read, unread or reading."""
        ids = self._selection()
        if ids:
            noun = "paper" if len(ids) == 1 else "papers"
            self._apply(
                lambda: ops.set_status(self.window.library, ids, status),
                f"Marked {len(ids)} {noun} {status}.",
                status,
            )

    def start_tagging(self, adding: bool) -> None:
        """Open the tag entry for the selection, completing from the right tags."""
        ids = self._selection()
        if not ids:
            return
        library = self.window.library
        if adding:
            names = [name for name, _ in library.tag_counts()]
        else:
            names = sorted(
                {t for tags in library.tags_of(ids).values() for t in tags}, key=str.casefold
            )
            if not names:
                self.window.statusBar().showMessage("The selected papers have no tags.", 3000)
                return
        self._tag_ids = ids
        self.window.tag_entry.start(adding, len(ids), names)

    def tag(self, name: str, adding: bool) -> None:
        """Add or remove the tag typed in the entry on the papers it was opened for."""
        ids, library = self._tag_ids, self.window.library
        change = ops.add_tag if adding else ops.remove_tag
        noun = "paper" if len(ids) == 1 else "papers"
        verb = "Tagged" if adding else "Untagged"
        if self._apply(lambda: change(library, ids, name), f"{verb} {len(ids)} {noun} “{name}”."):
            self.window.tag_entry.hide()
            self.window.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo_import(self) -> None:
        """Remove the papers the import chosen in the sidebar added, after asking."""
        view = self.window.sidebar.current_view()
        if view.kind != "batch":
            self.window.statusBar().showMessage("Choose an import in the sidebar first.", 4000)
            return
        library = self.window.library
        count = library.conn.execute(
            "SELECT count(*) FROM papers WHERE batch_id = ?", [view.value]
        ).fetchone()[0]
        answer = QMessageBox.question(
            self.window,
            "Undo import",
            f"Remove the {count} papers this import added, with their tags and notes?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._apply(
            lambda: ops.remove_batch(library, int(view.value)), f"Removed {count} papers."
        ):
            self.window.after_batch_removed()

"""Triage from the keyboard: marking, tagging and trashing the selected papers, one operation
each through the window's runner (``opsrunner``), which refreshes the window from its one
"changed" signal. Each is a few milliseconds on the UI thread; emptying the trash and undoing
an import, which may touch thousands of papers, run off it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from papershelf.core import operations as ops
from papershelf.core.listing import View
from papershelf.ui import plain
from papershelf.ui.i18n import counted


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Triage", text)


class Triage:
    """Status, tag and trash changes on the window's selection."""

    def __init__(self, window: Any):
        self.window = window
        self._tag_ids: list[int] = []

    def _selection(self) -> list[int]:
        ids = self.window.list.selected_ids()
        if not ids:
            self.window.statusBar().showMessage(tr("Select a paper first."), 3000)
        return ids

    def set_status(self, status: str) -> None:
        """Mark the selection read, unread or reading."""
        ids = self._selection()
        if ids:
            self.window.ops.run(lambda library: ops.set_status(library, ids, status))

    def start_tagging(self, adding: bool) -> None:
        """Open the tag entry for the selection, completing from the right tags."""
        ids = self._selection()
        if not ids:
            return
        library = self.window.library
        if adding:
            names = library.tag_names()
        else:
            names = sorted(
                {t for tags in library.tags_of(ids).values() for t in tags}, key=str.casefold
            )
            if not names:
                self.window.statusBar().showMessage(tr("The selected papers have no tags."), 3000)
                return
        self._tag_ids = ids
        self.window.tag_entry.start(adding, len(ids), names)

    def tag(self, name: str, adding: bool) -> None:
        """Add or remove the tag typed in the entry on the papers it was opened for."""
        ids = self._tag_ids
        change = ops.add_tag if adding else ops.remove_tag
        if self.window.ops.run(lambda library: change(library, ids, name)) is not None:
            self.window.tag_entry.hide()
            self.window.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def trash(self) -> None:
        """Move the selection to the trash (in the trash: nothing to move)."""
        if self.window.sidebar.current_view().kind == "trash":
            self.window.statusBar().showMessage(
                tr("These papers are in the trash already; Ctrl+Shift+R restores them."), 4000
            )
            return
        ids = self._selection()
        if ids:
            row = self.window.list.currentIndex().row()
            if self.window.ops.run(lambda library: ops.trash(library, ids)) is not None:
                self.window.keep_row = row  # the next paper takes the trashed one's place

    def restore(self) -> None:
        """Bring the selection back from the trash."""
        ids = [i for i in self._selection() if i in self.window.library.trashed_ids()]
        if not ids:
            self.window.statusBar().showMessage(tr("Choose papers in the Trash to restore."), 4000)
            return
        self.window.ops.run(lambda library: ops.restore(library, ids))

    def empty_trash(self) -> None:
        """Delete the trash's papers for good, after asking."""
        count = self.window.library.trash_count()
        if not count:
            self.window.statusBar().showMessage(tr("The trash is empty."), 3000)
            return
        if self._ask(
            tr("Empty trash"),
            counted(
                "Triage",
                count,
                "Delete the {count} paper in the trash, with their notes and highlights? Undo "
                "can still bring them back.",
                "Delete the {count} papers in the trash, with their notes and highlights? Undo "
                "can still bring them back.",
            ),
        ):
            self.window.ops.run_slow(ops.empty_trash, working=tr("Emptying the trash…"))

    def undo_import(self) -> None:
        """Remove the papers the import chosen in the sidebar added, after asking."""
        view = self.window.sidebar.current_view()
        if view.kind != "batch":
            self.window.statusBar().showMessage(tr("Choose an import in the sidebar first."), 4000)
            return
        library = self.window.library
        count = library.conn.execute(
            "SELECT count(*) FROM papers WHERE batch_id = ?", [view.value]
        ).fetchone()[0]
        if not self._ask(
            tr("Undo import"),
            counted(
                "Triage",
                count,
                "Remove the {count} paper this import added, with their tags and notes? Undo "
                "(Ctrl+Z) can bring them back.",
                "Remove the {count} papers this import added, with their tags and notes? Undo "
                "(Ctrl+Z) can bring them back.",
            ),
        ):
            return
        batch = int(view.value)  # type: ignore[arg-type]
        self.window.sidebar.remember(View())
        self.window.ops.run_slow(
            lambda library: ops.remove_batch(library, batch), working=tr("Removing the import…")
        )

    def _ask(self, title: str, question: str) -> bool:
        """Yes or No, No the default."""
        return plain.ask(self.window, title, question)

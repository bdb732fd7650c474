"""File → Restore from backup…: the library's backups, newest first, and restoring one.

Restoring asks first, says what it replaces, and keeps a backup of the library as it is
now; the window runs it off the UI thread and refreshes everything when it is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from papershelf.core import backup
from papershelf.ui import plain

PathRole = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Backup", text)


class RestoreDialog(QDialog):
    """The list of backups; ``chosen`` is the file to restore once accepted and confirmed."""

    def __init__(self, library_folder: Path, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(tr("Restore from backup"))
        self.setMinimumSize(560, 320)
        self.chosen: Path | None = None
        self.backups = backup.backups(library_folder)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(tr("Backups, newest first"))
        for made in self.backups:
            papers = made.papers()
            held = (
                tr("cannot be read")
                if papers is None
                else tr("{count} papers").format(count=f"{papers:,}")
            )
            item = QListWidgetItem(f"{made.when}    {made.reason}    {held}")
            item.setToolTip(plain.tooltip(str(made.path)))  # the library's folder, as named
            item.setData(PathRole, str(made.path))
            if papers is None:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        text = (
            tr(
                "Backups are taken each day the library changes, before upgrades and before a "
                "restore. Restoring replaces the library with the one chosen; the library as it "
                "is now is kept as a backup first."
            )
            if self.backups
            else tr("There are no backups yet: one is taken each day the library changes.")
        )
        label = QLabel(text)
        label.setWordWrap(True)
        label.setBuddy(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(tr("Restore…"))
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(
            lambda item, _: self.restore_button.setEnabled(
                item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
            )
        )
        self.list.itemActivated.connect(lambda _: self._confirm())
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.list, 1)
        box.addWidget(buttons)
        if self.backups:
            self.list.setCurrentRow(0)
        self.list.setFocus()  # the arrows choose, Enter restores

    def _confirm(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        if plain.ask(
            self,
            tr("Restore from backup"),
            tr(
                "Replace the library with the backup of {when}? Changes made since are set "
                "aside in a backup of their own."
            ).format(when=item.text().split("    ")[0]),
        ):
            self.chosen = Path(item.data(PathRole))
            self.accept()

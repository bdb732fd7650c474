"""The command palette and the shortcut sheet, both built from the action registry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from papershelf.ui.actions import Action, display_key, shortcut_rows, shown_description, shown_name
from papershelf.ui.theme import text_colours


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Dialogs", text)


def error_label(name: str) -> QLabel:
    """A dialog's line for what is wrong with what was typed (plain text, in red)."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {text_colours(label.palette()).error}")
    return label


def save_buttons(dialog: QDialog, accept: Any) -> QDialogButtonBox:
    """Save and Cancel, Enter saving through ``accept``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)  # Enter saves
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def matches(query: str, action: Action) -> bool:
    """Whether every word typed appears in the action's name or description (as shown, or
    in English)."""
    text = f"{shown_name(action)} {shown_description(action)} {action.name} {action.description}"
    return all(word in text.lower() for word in query.lower().split())


def rank(query: str, action: Action) -> tuple[int, int]:
    """Sort key: the name typed exactly, then names starting so, then word matches."""
    name, typed = shown_name(action).lower(), " ".join(query.lower().split())
    if name == typed:
        return (0, 0)
    if name.startswith(typed):
        return (1, len(name))
    words = name.split()
    hits = sum(any(w.startswith(t) for w in words) for t in typed.split())
    return (2, -hits)


class CommandPalette(QDialog):
    """Type to filter actions by name; Enter runs the highlighted one."""

    def __init__(self, actions: Sequence[Action], parent: Any = None):
        super().__init__(parent)
        self.setObjectName("palette")
        self.setWindowTitle(tr("Command palette"))
        self.setMinimumSize(520, 360)
        self.choices = list(actions)  # not self.actions: that is QWidget's method
        self.chosen: Action | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("paletteEdit")
        self.edit.setPlaceholderText(tr("Type an action's name…"))
        self.edit.setAccessibleName(tr("Action to run"))
        self.edit.setAccessibleDescription(
            tr("Type to filter the actions; Up and Down choose one, Enter runs it")
        )
        self.list = QListWidget()
        self.list.setObjectName("paletteList")
        self.list.setAccessibleName(tr("Actions found"))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box = QVBoxLayout(self)
        box.addWidget(self.edit)
        box.addWidget(self.list)
        self.edit.textChanged.connect(self._filter)
        self.edit.installEventFilter(self)
        self.edit.returnPressed.connect(self._run_current)
        self.list.itemActivated.connect(lambda _: self._run_current())
        self._filter("")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Take the keyboard as soon as the palette shows."""
        super().showEvent(event)
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def _filter(self, query: str) -> None:
        self.list.clear()
        found = [a for a in self.choices if matches(query, a)]
        for action in sorted(found, key=lambda a: rank(query, a)):
            if action:
                keys = ", ".join(display_key(k) for k in action.keys)
                item = QListWidgetItem(f"{shown_name(action)}    {keys}")
                item.setToolTip(shown_description(action))
                item.setData(Qt.ItemDataRole.UserRole, action.name)
                self.list.addItem(item)
        if query.strip() and self.list.count():
            self.list.setCurrentRow(0)  # typed: the best match; untyped, Enter runs nothing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up and Down in the text field move through the list."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step and self.list.count():
                current = self.list.currentRow()
                start = current if current >= 0 else (-1 if step > 0 else 0)
                row = (start + step) % self.list.count()
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _run_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        self.chosen = next(a for a in self.choices if a.name == name)
        self.accept()


class ShortcutSheet(QDialog):
    """Every action with its keys and what it does."""

    def __init__(self, actions: Sequence[Action], parent: Any = None):
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.setMinimumSize(640, 420)
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName(tr("Actions and their keys"))
        self.table.setHorizontalHeaderLabels([tr("Keys"), tr("Action"), tr("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        for n, row in enumerate(rows):
            for m, text in enumerate(row):
                self.table.setItem(n, m, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.resize(860, min(720, rows_height + header.sizeHint().height() + 110))
        note = QLabel(tr("Single keys work while the list or the detail pane has focus."))
        note.setObjectName("sheetNote")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(note)
        box.addWidget(buttons)

    def texts(self) -> list[str]:
        """Every cell's text (for tests)."""
        found = []
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                assert item is not None  # __init__ filled every cell
                found.append(item.text())
        return found

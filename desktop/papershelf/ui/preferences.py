"""Edit → Preferences…: the keys of every action, the theme, the font size, the library's folder.

Every change applies at once and is kept in the window's settings: keys as changes to the
registry's defaults (``ui.actions.save_keymap``), applied to the window's QActions; the theme
and the font size to the whole application (``ui.style``). A key another action has is
refused, in one sentence naming that action. The library's folder is shown; Move library…
closes the window, and ``ui.app`` moves the library and opens the window again where it went.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QKeyCombination, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from papershelf.core import relocate
from papershelf.core.errors import LibraryError
from papershelf.ui import actions as registry
from papershelf.ui import plain, style, theme
from papershelf.ui.actions import Action, display_key
from papershelf.ui.keymap import Conflict, Keymap, is_single

KEYS_COLUMN = 2


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Preferences", text)


def open_for(window: Any) -> None:
    """Open the Preferences over ``window`` (window-modal, the keyboard in it)."""
    dialog = PreferencesDialog(
        registry.ACTIONS, window.qactions, window.settings, window.library.folder, window
    )
    dialog.library.moveRequested.connect(lambda target: _move(window, dialog, target))
    window._open_dialog(dialog)


def _move(window: Any, dialog: QDialog, target: Path) -> None:
    dialog.accept()
    window.move_to = target  # ui.app moves the library once the window has closed
    window.close()


def refusal(conflict: Conflict) -> str:
    """The one sentence that says why a key was refused."""
    key = display_key(conflict.key)
    if conflict.other is None:
        return tr("{key} moves between controls; choose another key.").format(key=key)
    return tr(
        "{key} is already the key of “{other}”: choose another key, or change the keys of "
        "“{other}” first."
    ).format(key=key, other=conflict.other)


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)  # Enter in the table records a key; it never closes the dialog
    button.clicked.connect(lambda _=False: slot())
    return button


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("preferencesNote")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class PreferencesDialog(QDialog):
    """Three pages (Keys, Appearance, Library) and Close; each change applies at once."""

    def __init__(
        self,
        actions: Sequence[Action],
        qactions: dict[str, list[Any]],
        settings: QSettings,
        library: Path,
        parent: Any = None,
    ):
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(tr("Preferences"))
        self.setMinimumSize(760, 480)
        self.resize(900, 600)
        self.keys = KeysPage(actions, qactions, settings)
        self.appearance = AppearancePage(settings)
        self.library = LibraryPage(library)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.setAccessibleName(tr("Preferences pages"))
        self.tabs.tabBar().setAccessibleName(tr("Preferences pages"))
        self.tabs.addTab(self.keys, tr("&Keys"))
        self.tabs.addTab(self.appearance, tr("&Appearance"))
        self.tabs.addTab(self.library, tr("&Library"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(tr("Close the preferences"))
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.tabs)
        box.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Take the keyboard at once, in the table of keys."""
        super().showEvent(event)
        self.activateWindow()
        self.keys.table.setFocus(Qt.FocusReason.PopupFocusReason)


class KeysPage(QWidget):
    """The table of actions and their keys, a key recorder, and whether single keys act."""

    def __init__(
        self, actions: Sequence[Action], qactions: dict[str, list[Any]], settings: QSettings
    ):
        super().__init__()
        self.commands = list(actions)
        self.qactions = qactions
        self.settings = settings
        self.keymap: Keymap = registry.load_keymap(settings, self.commands)
        self.adding = False  # the next key recorded is added, not put in place of the keys
        self.single = QCheckBox(tr("&Single-character keys act (r, t, j, /, ? …)"))
        self.single.setAccessibleName(tr("Single-character keys act"))
        self.single.setChecked(self.keymap.single_keys)
        self.single.toggled.connect(self._single_toggled)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Filter actions…"))
        self.filter.setAccessibleName(tr("Filter actions"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._to_table)
        self.table = QTableWidget(len(self.commands), 3)
        self._fill_table()
        self.recorder = QKeySequenceEdit()
        self.recorder.setObjectName("keyRecorder")
        self.recorder.setAccessibleName(tr("New key"))
        self.recorder.setMaximumSequenceLength(1)
        self.recorder.setFinishingKeyCombinations([QKeyCombination(Qt.Key.Key_Escape)])
        self.recorder.editingFinished.connect(self._recorded)
        self.message = QLabel()
        self.message.setObjectName("keyMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("What happened to the key"))
        self.refused = False  # whether the message says a key was refused
        self._layout()
        self.table.selectRow(0)

    def _fill_table(self) -> None:
        table = self.table
        table.setObjectName("keyTable")
        table.setAccessibleName(tr("Actions and their keys"))
        table.setHorizontalHeaderLabels([tr("Action"), tr("What it does"), tr("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        for row, action in enumerate(self.commands):
            for column, text in enumerate((action.name, action.description, "")):
                item = QTableWidgetItem(text)
                item.setToolTip(action.description)
                table.setItem(row, column, item)
            self._show_keys(row)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEYS_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        table.activated.connect(lambda _index: self.change())
        table.currentCellChanged.connect(lambda *_: self._current_changed())

    def _layout(self) -> None:
        self.change_button = _button(tr("&Change key"), tr("Change the key"), self.change)
        self.add_button = _button(tr("A&dd key"), tr("Add a key"), self.add)
        self.clear_button = _button(tr("&Remove keys"), tr("Remove the keys"), self.clear)
        self.reset_button = _button(tr("R&eset"), tr("Reset to the default keys"), self.reset)
        self.reset_all_button = _button(
            tr("Rese&t all"), tr("Reset every action to its default keys"), self.reset_all
        )
        side = QVBoxLayout()
        for button in (self.change_button, self.add_button, self.clear_button):
            side.addWidget(button)
        side.addSpacing(12)
        side.addWidget(self.reset_button)
        side.addWidget(self.reset_all_button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        self.recorder_label = QLabel()
        self.recorder_label.setBuddy(self.recorder)
        record = QHBoxLayout()
        record.addWidget(self.recorder_label)
        record.addWidget(self.recorder, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.single)
        box.addWidget(
            _note(
                tr(
                    "Off: letters, digits and punctuation do nothing. Keys with Ctrl or Alt, "
                    "function keys, Enter, Delete, Esc and the arrows always work."
                )
            )
        )
        box.addWidget(self.filter)
        box.addLayout(middle, 1)
        box.addLayout(record)
        box.addWidget(self.message)
        box.addWidget(
            _note(
                tr(
                    "Keys without Ctrl or Alt act while the paper list or the detail pane has "
                    "focus; the others anywhere in the window. Enter on an action records its "
                    "new key; Esc stops recording."
                )
            )
        )

    # -- what the table shows ----------------------------------------------------------------

    def current(self) -> Action | None:
        """The action chosen in the table."""
        row = self.table.currentRow()
        return self.commands[row] if 0 <= row < len(self.commands) else None

    def _show_keys(self, row: int) -> None:
        action = self.commands[row]
        shown = []
        for key in self.keymap.keys(action.name):
            off = not self.keymap.single_keys and is_single(key)
            shown.append(
                tr("{key} (off)").format(key=display_key(key)) if off else display_key(key)
            )
        item = self.table.item(row, KEYS_COLUMN)
        assert item is not None
        item.setText(", ".join(shown) or "—")
        font = item.font()
        font.setBold(not self.keymap.is_default(action.name))  # changed from the default
        item.setFont(font)
        defaults = ", ".join(display_key(k) for k in action.keys) or "—"
        item.setToolTip(tr("Default: {keys}").format(keys=defaults))

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for row, action in enumerate(self.commands):
            keys = " ".join(display_key(k) for k in self.keymap.keys(action.name))
            haystack = f"{action.name} {action.description} {keys}".lower()
            self.table.setRowHidden(row, not all(w in haystack for w in words))

    def _to_table(self) -> None:
        """From the filter to the table, on the first action it shows."""
        shown = [r for r in range(len(self.commands)) if not self.table.isRowHidden(r)]
        if shown and self.table.currentRow() not in shown:
            self.table.selectRow(shown[0])
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _current_changed(self) -> None:
        action = self.current()
        name = action.name if action else ""
        self.recorder_label.setText(tr("New key for {action}:").format(action=name))
        self.reset_button.setEnabled(action is not None and not self.keymap.is_default(name))

    # -- changing keys -----------------------------------------------------------------------

    def change(self) -> None:
        """Record a key to put in place of the chosen action's keys."""
        self._record(adding=False)

    def add(self) -> None:
        """Record one more key for the chosen action."""
        self._record(adding=True)

    def _record(self, adding: bool) -> None:
        action = self.current()
        if action is None:
            return
        self.adding = adding
        self.recorder.clear()
        self.recorder.setFocus(Qt.FocusReason.OtherFocusReason)
        said = tr("Press another key for {action} (Esc stops).") if adding else None
        said = said or tr("Press the new key for {action} (Esc stops).")
        self._say(said.format(action=action.name))

    def _recorded(self) -> None:
        action, sequence = self.current(), self.recorder.keySequence()
        adding, self.adding = self.adding, False
        if action is None or sequence.isEmpty():  # Esc, or the field left empty
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        keys = (*self.keymap.keys(action.name), key) if adding else (key,)
        self.recorder.clear()
        if self._bind(action, lambda: self.keymap.bind(action.name, keys)):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        # refused: the recorder keeps the keyboard, and the next key pressed is tried instead

    def clear(self) -> None:
        """Take every key off the chosen action (the menu and the palette still run it)."""
        action = self.current()
        if action is not None:
            self._bind(action, lambda: self.keymap.bind(action.name, ()))

    def reset(self) -> None:
        """Give the chosen action its default keys back."""
        action = self.current()
        if action is not None:
            self._bind(action, lambda: self.keymap.reset(action.name))

    def reset_all(self) -> None:
        """Every action back to its default keys."""
        self.keymap.reset_all()
        self._changed()
        self._say(tr("Every action has its default keys again."))

    def _bind(self, action: Action, change: Callable[[], None]) -> bool:
        try:
            change()
        except Conflict as refused:
            self._say(refusal(refused), error=True)
            return False
        self._changed()
        bound = self.keymap.keys(action.name)
        keys = ", ".join(display_key(k) for k in bound) or tr("no key")
        said = tr("{action}: {keys}.").format(action=action.name, keys=keys)
        if not self.keymap.single_keys and any(is_single(k) for k in bound):
            said += " " + tr("Single-character keys are off: turn them on above for those to act.")
        self._say(said)
        return True

    def _single_toggled(self, on: bool) -> None:
        self.keymap.single_keys = on
        self._changed()

    def _changed(self) -> None:
        """Keep the keys and apply them to the window; show them."""
        registry.save_keymap(self.settings, self.keymap)
        registry.apply_keymap(self.qactions, self.keymap)
        for row in range(len(self.commands)):
            self._show_keys(row)
        self._current_changed()

    def _say(self, text: str, error: bool = False) -> None:
        self.refused = error
        colour = theme.text_colours(self.palette()).error if error else ""
        self.message.setStyleSheet(f"color: {colour}" if colour else "")
        self.message.setText(text)


class AppearancePage(QWidget):
    """The theme and the font size, applied to the application as they change."""

    def __init__(self, settings: QSettings):
        super().__init__()
        self.settings = settings
        self.theme = QComboBox()
        self.theme.setAccessibleName(tr("Theme"))
        for value, label in (
            ("system", tr("Follow the system")),
            ("light", tr("Light")),
            ("dark", tr("Dark")),
        ):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(style.theme_of(settings))))
        self.theme.currentIndexChanged.connect(self._theme_chosen)
        self.font_size = QSpinBox()
        self.font_size.setAccessibleName(tr("Font size"))
        self.font_size.setRange(*style.FONT_SIZES)
        self.font_size.setSuffix(tr(" pt"))
        self.font_size.setValue(round(style.font_size_of(settings)))
        self.font_size.valueChanged.connect(self._size_chosen)
        default = _button(
            tr("Use the &system's size"), tr("Use the system's font size"), self._default_size
        )
        size_row = QHBoxLayout()
        size_row.addWidget(self.font_size)
        size_row.addWidget(default)
        size_row.addStretch(1)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(_label(tr("&Theme:"), self.theme), self.theme)
        form.addRow(_label(tr("&Font size:"), self.font_size), size_row)
        form.addRow(_note(tr("Both apply at once, to every window, and at the next start.")))

    def _theme_chosen(self, _index: int) -> None:
        self.settings.setValue(style.THEME, self.theme.currentData())
        self._apply()

    def _size_chosen(self, size: int) -> None:
        self.settings.setValue(style.FONT_SIZE, size)
        self._apply()

    def _default_size(self) -> None:
        self.settings.remove(style.FONT_SIZE)
        self.font_size.blockSignals(True)
        self.font_size.setValue(round(style.font_size_of(self.settings)))
        self.font_size.blockSignals(False)
        self._apply()

    def _apply(self) -> None:
        self.settings.sync()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        style.apply_look(app, self.settings)


class LibraryPage(QWidget):
    """Where the library is, to open in the file manager, and Move library… (the window
    closes, the library moves, and the window opens again where it went)."""

    moveRequested = Signal(Path)

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.path = QLineEdit(str(folder))
        self.path.setObjectName("libraryPath")
        self.path.setReadOnly(True)
        self.path.setAccessibleName(tr("Library folder (read-only)"))
        self.path.setCursorPosition(0)
        self.show_button = _button(
            tr("Show in file &manager"),
            tr("Show the library folder in the file manager"),
            self.show_folder,
        )
        self.move_button = _button(
            tr("M&ove library…"),
            tr("Move the library, with its index and backups, to an empty folder"),
            self.choose_target,
        )
        self.move_button.setObjectName("moveLibrary")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.move_button)
        form = QFormLayout(self)
        form.addRow(_label(tr("Library &folder:"), self.path), row)
        form.addRow(
            _note(
                tr(
                    "Your papers, notes, highlights, backups and the search index are kept in "
                    "this folder. Move library… copies all of it to an empty folder, checks "
                    "the copy, opens it there from then on, and only then removes the old "
                    "files; the window closes meanwhile and opens again."
                )
            )
        )

    def choose_target(self) -> None:
        """Ask for an empty folder; once confirmed, ask the window to move the library."""
        chosen = QFileDialog.getExistingDirectory(self, tr("Move the library to an empty folder"))
        if not chosen:
            return
        target = Path(chosen)
        try:
            target = relocate.check_target(self.folder, target)
        except LibraryError as exc:
            plain.warn(self, tr("The library cannot move there"), str(exc))  # it names a folder
            return
        if plain.ask(
            self,
            tr("Move the library?"),
            tr("Move the library to {folder}? The window closes and opens again there.").format(
                folder=target
            ),
            yes_default=True,
        ):
            self.moveRequested.emit(target)

    def show_folder(self) -> None:
        """Open the library's folder in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

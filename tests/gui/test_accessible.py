"""Every control the keyboard can reach has a name a screen reader can say: in the main window
(with its inline bars and the note open) and in each dialog, opened through its own key or
menu action. A button or a check box may be named by its text; anything else needs an
accessible name."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from helpers import focused, press
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from conftest import SAMPLE, open_window
from papershelf.core import backup
from papershelf.ui import crash
from papershelf.ui.preferences import PreferencesDialog

pytestmark = pytest.mark.timeout(60)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _close_dialogs(qtbot) -> Iterator[None]:
    """A test that fails with a dialog open closes it, so the next test starts without it."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def unnamed(root: QWidget) -> list[str]:
    """The visible widgets under ``root`` (itself too) that take the focus and have no name.

    A widget with a focus proxy (a spin box's or a key recorder's own line) never holds the
    focus: the proxy does, and it is the one that must be named.
    """
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        target = widget
        while target.focusProxy() is not None:
            target = target.focusProxy()
        if target.accessibleName().strip():
            continue
        if isinstance(target, QAbstractButton) and target.text().strip():
            continue
        found.append(f"{type(target).__name__} {target.objectName()!r} under {_path(target)}")
    return sorted(set(found))


def _path(widget: QWidget) -> str:
    names = []
    parent = widget.parentWidget()
    while parent is not None:
        names.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return " < ".join(names)


def focusable(root: QWidget) -> int:
    """How many visible widgets under ``root`` take the focus (so that a check saw some)."""
    return sum(
        1
        for w in [root, *root.findChildren(QWidget)]
        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


def modal(qtbot, kind: type[QDialog] = QDialog) -> QDialog:
    """The dialog that opened over the window, once it is shown."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    return dialog


def assert_named(root: QWidget) -> None:
    assert focusable(root) > 0, "nothing focusable was found: the check saw nothing"
    offenders = unnamed(root)
    assert not offenders, "no accessible name:\n" + "\n".join(offenders)


def test_the_main_window_names_every_control(qtbot, window):
    qtbot.waitUntil(lambda: window.detail.related.isVisible())
    assert_named(window)


def test_the_inline_bars_and_the_note_are_named(qtbot, window):
    press(qtbot, window.list, "t")  # the tag entry
    focused(qtbot, window.tag_entry.edit)
    assert_named(window)
    press(qtbot, window.tag_entry.edit, Qt.Key.Key_Escape)
    press(qtbot, window.list, "n")  # the note beside its preview
    focused(qtbot, window.notes.editor)
    assert_named(window)
    press(qtbot, window.notes.editor, Qt.Key.Key_Escape)
    window.comment_entry.start(0, "")  # as "h" opens it after a highlight is made
    assert window.comment_entry.isVisible()
    assert_named(window)
    window.comment_entry.hide()


def test_the_welcome_pane_is_named(qtbot, library_dir, settings):
    for window in open_window(qtbot, library_dir, settings):
        assert window.welcome.isVisible()
        assert_named(window)


def test_the_check_finds_a_control_without_a_name(window):
    stray = QLineEdit(window.statusBar())
    stray.setObjectName("stray")
    stray.show()
    assert any("'stray'" in found for found in unnamed(window))
    stray.setAccessibleName("Stray")
    assert not unnamed(window)
    stray.deleteLater()


def test_the_search_box_is_named(window):
    assert window.search.accessibleName() == "Search"
    assert window.list.accessibleName() == "Paper list"


def _search_first(qtbot, window) -> None:
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, "retrieval")
    press(qtbot, window.search, Qt.Key.Key_Return)
    focused(qtbot, window.list)


def _import_clipboard(qtbot, window) -> None:
    QGuiApplication.clipboard().setText(SAMPLE.read_text(encoding="utf-8"))
    press(qtbot, window.list, Qt.Key.Key_V, CTRL)


def _restore(qtbot, window) -> None:
    backup.snapshot(window.library, backup.MANUAL)  # one backup to list
    window.qactions["Restore from backup"][0].trigger()


def _trigger(name: str) -> Callable[..., None]:
    return lambda qtbot, window: window.qactions[name][0].trigger()


def _keys(*keys) -> Callable[..., None]:
    return lambda qtbot, window: press(qtbot, window.list, *keys)


def _save_search(qtbot, window) -> None:
    _search_first(qtbot, window)  # Ctrl+S names the search shown
    press(qtbot, window.list, Qt.Key.Key_S, CTRL)


OPENINGS = {
    "export": _keys(Qt.Key.Key_E, CTRL),
    "edit paper": _keys("e"),
    "save search": _save_search,
    "command palette": _keys(Qt.Key.Key_K, CTRL),
    "shortcut sheet": _keys("?"),
    "about": _trigger("About Papershelf"),
    "log": _trigger("Show log"),
    "import preview": _import_clipboard,
    "restore backup": _restore,
}


@pytest.mark.parametrize("opening", OPENINGS.values(), ids=OPENINGS.keys())
def test_each_dialog_names_every_control(qtbot, window, opening, tmp_path, monkeypatch):
    monkeypatch.setattr(crash, "log_file", lambda: tmp_path / "papershelf.log")
    opening(qtbot, window)
    dialog = modal(qtbot)
    if dialog.objectName() == "importPreview":
        qtbot.waitUntil(lambda: dialog.details.isVisible(), timeout=10000)  # the dry run's list
    assert_named(dialog)
    dialog.reject()


def test_every_page_of_the_preferences_is_named(qtbot, window):
    press(qtbot, window.list, Qt.Key.Key_Comma, CTRL)
    dialog = modal(qtbot, PreferencesDialog)
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        qtbot.waitUntil(lambda p=page: dialog.tabs.widget(p).isVisible())
        assert_named(dialog)
    dialog.reject()


def test_the_crash_dialog_is_named(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(crash, "log_file", lambda: tmp_path / "papershelf.log")
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    try:
        raise RuntimeError("a bug")
    except RuntimeError as exc:
        crash.excepthook(RuntimeError, exc, exc.__traceback__)
    (box,) = shown
    box.show()
    qtbot.waitExposed(box)
    details = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    )
    details.click()  # "Show Details…": the traceback, to copy
    assert_named(box)
    box.close()

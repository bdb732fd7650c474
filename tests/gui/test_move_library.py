"""Preferences → Move library…: the window closes, the library moves, the window opens again
there."""

from __future__ import annotations

from pathlib import Path

from helpers import press
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from papershelf.ui import app, plain, preferences
from papershelf.ui.preferences import PreferencesDialog
from papershelf.ui.window import MainWindow


def _windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_moving_the_library_reopens_the_window_where_it_went(
    qtbot, sample_library: Path, tmp_path: Path, monkeypatch
):
    target = tmp_path / "moved"
    monkeypatch.setenv("PAPERSHELF_CONFIG", str(tmp_path / "config"))
    monkeypatch.setattr(app.crash, "install", lambda: None)
    monkeypatch.setattr(app.crash, "setup_logging", lambda: None)
    monkeypatch.setattr(app.style, "apply", lambda *_: None)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app, "_settings", lambda *_: settings)
    monkeypatch.setattr(preferences.QFileDialog, "getExistingDirectory", lambda *_: str(target))
    monkeypatch.setattr(plain, "ask", lambda *_, **__: True)
    seen: list[Path] = []

    def first() -> None:
        (window,) = _windows()
        seen.append(window.library.folder)
        press(qtbot, window.list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        dialog = window.findChild(PreferencesDialog)
        assert dialog is not None
        dialog.tabs.setCurrentWidget(dialog.library)
        qtbot.mouseClick(dialog.library.move_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(200, second)

    def second() -> None:
        shown = _windows()
        if not shown or shown[0].library.folder == seen[0]:
            QTimer.singleShot(100, second)
            return
        seen.append(shown[0].library.folder)
        shown[0].close()

    QTimer.singleShot(300, first)
    assert app.run(library=str(sample_library)) == 0
    assert seen == [sample_library, target.resolve()]
    assert (target / "library.sqlite").exists() and not sample_library.exists()

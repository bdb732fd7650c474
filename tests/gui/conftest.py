"""Fixtures for the window tests: a sample library, private settings and an open window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf
from papershelf.ui.window import MainWindow

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-trending-papers.txt"
SAMPLE_COUNT = 65
# The offscreen platform cannot resize windows to their hints, raise popups or grab the keyboard
# (a completer's popup does both), and says so each time.
OFFSCREEN_NOISE = (
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's one known warning in the window tests (and only it)."""
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _windows_deleted(qapp: QApplication) -> Iterator[None]:
    """Every main window a test leaves is deleted after it. A closed one is not: the lambdas
    its actions are connected to hold it, so hundreds piled up over the suite, and each
    style-sheet or palette change re-polished all of them (50 s for one test at the end)."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):  # not the popups and tooltips Qt itself owns
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a temporary INI file, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def sample_library(library_dir: Path) -> Path:
    """A library folder holding the bundled sample, indexed."""
    with Shelf(library_dir) as shelf:
        source = open_source(SAMPLE)
        import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
    return library_dir


def open_window(qtbot, folder: Path, settings: QSettings) -> Iterator[MainWindow]:
    """Open the real window on ``folder``; wait for its list and index; close it after."""
    shelf = Shelf(folder)
    window = MainWindow(shelf, settings)
    try:
        with qtbot.waitSignal(window.indexReady, timeout=20000):
            window.show()
        qtbot.waitExposed(window)
        yield window
    finally:
        window.close()
        shelf.close()


@pytest.fixture
def window(qtbot, sample_library: Path, settings: QSettings) -> Iterator[MainWindow]:
    """The main window on the sample library, its list filled, the list focused."""
    for win in open_window(qtbot, sample_library, settings):
        win.sidebar.select_view(win.sidebar.current_view().__class__())  # All papers
        qtbot.waitUntil(lambda w=win: w.model.rowCount() == SAMPLE_COUNT)
        win.list.setFocus()
        qtbot.waitUntil(lambda w=win: w.list.hasFocus())
        yield win

"""Starting the window: the application, the library (or a demo one), the crash handler.

``run`` is what ``papershelf`` with no command calls. A library another Papershelf holds, or
any other problem the user can fix, is one message box; a bug is a crash dialog and a log entry.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from papershelf.core.errors import PapershelfError
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.paths import library_dir, sample_dump
from papershelf.core.session import Shelf
from papershelf.ui import crash, style
from papershelf.ui.state import APPLICATION, ORGANIZATION
from papershelf.ui.window import MainWindow


def run(library: str | None = None, demo: bool = False) -> int:
    """Open the window on the user's library (or a throwaway demo one); the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("papershelf")
    crash.setup_logging()
    crash.install()
    style.apply(app)
    with _folder(library, demo) as folder:
        try:
            shelf = Shelf(folder, window=True)
        except PapershelfError as exc:
            QMessageBox.warning(None, "Papershelf cannot open the library", str(exc))
            return 1
        try:
            if demo:
                load_sample(shelf)
            window = MainWindow(shelf, _settings(folder, demo))
            window.show()
            window.activateWindow()
            return app.exec()
        finally:
            shelf.close()


@contextmanager
def _folder(library: str | None, demo: bool) -> Iterator[Path]:
    if not demo:
        yield library_dir(library)
        return
    with tempfile.TemporaryDirectory(prefix="papershelf-demo-") as tmp:
        yield Path(tmp) / "library"


def _settings(folder: Path, demo: bool) -> QSettings:
    """The user's settings; a demo keeps its own beside its throwaway library."""
    if demo:
        return QSettings(str(folder.parent / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings()


def load_sample(shelf: Shelf) -> None:
    """Import the bundled sample dump into an empty library."""
    if shelf.library.count():
        return
    source = open_source(sample_dump())
    import_source(shelf.library, source, choose_importer(source))

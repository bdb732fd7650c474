"""Starting the window: the application, the library (or a demo one), the crash handler.

``run`` is what ``papershelf`` with no command (or with files) calls. Files for a library that
already has a window go to that window (``instance``). A library another Papershelf holds, or
any other problem the user can fix, is one message box; a bug is a crash dialog and a log entry.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from papershelf import APP_ID
from papershelf.core import relocate
from papershelf.core.errors import PapershelfError
from papershelf.core.library import Library
from papershelf.core.paths import library_dir, sample_dump
from papershelf.core.session import Shelf
from papershelf.ui import crash, instance, plain, style
from papershelf.ui.state import APPLICATION, ORGANIZATION
from papershelf.ui.window import MainWindow


def run(
    library: str | None = None,
    demo: bool = False,
    files: Sequence[str] = (),
    quit_when_ready: bool = False,
) -> int:
    """Open the window on the user's library (or a throwaway demo one), with an import
    preview for each of ``files``; the exit code. ``quit_when_ready``: print how long the
    window took to be ready (list shown, index open) and quit, a start-up check."""
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName(APP_ID)  # the installed entry (papershelf install-desktop)
    crash.setup_logging()
    crash.install()
    style.apply(app, None if demo else QSettings())  # a demo starts with the defaults
    with _folder(library, demo) as folder:
        if not demo and not quit_when_ready and instance.hand_over(folder, list(files)):
            return 0  # the library's window took the files
        while True:
            code, move_to = _window(app, folder, demo, files, quit_when_ready, started)
            if move_to is None:
                return code
            folder = _move(folder, move_to)  # then the window again, where the library is
            files, demo = (), False


def _window(
    app: QApplication,
    folder: Path,
    demo: bool,
    files: Sequence[str],
    quit_when_ready: bool,
    started: float,
) -> tuple[int, Path | None]:
    """Run the window on ``folder`` until it closes: the exit code, and the folder the user
    asked to move the library to (None: quit)."""
    try:
        shelf = Shelf(folder, window=True)
    except PapershelfError as exc:
        title = QCoreApplication.translate("App", "Papershelf cannot open the library")
        plain.warn(None, title, str(exc))  # it quotes the folder
        return 1, None
    try:
        if demo:
            load_sample(shelf)
        window = MainWindow(shelf, _settings(folder, demo))
        server = instance.InstanceServer(folder, window)
        server.filesReceived.connect(window.open_files)
        window.show()
        window.activateWindow()
        if files:
            QTimer.singleShot(0, lambda: window.open_files(list(files)))
        failed: list[str] = []
        if quit_when_ready:
            _quit_when_ready(window, started, failed)
        code = app.exec()
        return (1 if failed else code), window.move_to
    finally:
        shelf.close()


def _move(folder: Path, target: Path) -> Path:
    """Move the library (the window has closed), with a dialog saying each step; where it
    is afterwards (still ``folder`` when the move failed, after saying why)."""
    steps = QProgressDialog(QCoreApplication.translate("App", "Moving the library…"), "", 0, 0)
    steps.setLabel(plain.label(steps.labelText()))  # a step may name a file
    steps.setWindowTitle(QCoreApplication.translate("App", "Moving the library"))
    steps.setCancelButton(None)  # a move is finished or undone, never left half way
    steps.setMinimumDuration(0)
    steps.show()

    def say(step: str) -> None:
        steps.setLabelText(step[:1].upper() + step[1:] + "…")
        QApplication.processEvents()

    try:
        return relocate.move(Library(folder, window=True), target, say).folder
    except PapershelfError as exc:
        title = QCoreApplication.translate("App", "The library was not moved")
        plain.warn(None, title, str(exc))  # it quotes the folders
        return folder
    finally:
        steps.close()


def _quit_when_ready(window: MainWindow, started: float, failed: list[str]) -> None:
    """Print the time to the first list when it shows, and to the index being open, then
    quit (the index failing to open: its message on stderr, added to ``failed``)."""
    shown: list[float] = []

    def listed() -> None:
        shown.append(time.perf_counter() - started)
        if len(shown) == 1:  # said at once: a launcher can time its arrival (bench_start)
            print(f"papershelf: list shown in {shown[0]:.2f} s", flush=True)

    window.listShown.connect(listed)

    def ready(outcome: str) -> None:
        took = time.perf_counter() - started
        listed = f"list shown in {shown[0]:.2f} s; " if shown else ""
        memory = _resident_mb()
        print(
            f"papershelf: ready in {took:.2f} s ({listed}index: {outcome}); "
            f"{window.model.rowCount():,} papers listed"
            + (f"; {memory:.0f} MB resident" if memory is not None else ""),
            flush=True,
        )
        QTimer.singleShot(0, window.close)  # the last window: the application quits

    def not_ready(message: str) -> None:
        failed.append(message)
        print(f"papershelf: {message}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, window.close)

    window.indexReady.connect(ready)
    window.indexer.failed.connect(not_ready)


def _resident_mb() -> float | None:
    """The process's resident memory in MB, where the system says (Linux); else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


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
    from papershelf.core.importing import choose_importer, import_source, open_source

    if shelf.library.count():
        return
    source = open_source(sample_dump())
    import_source(shelf.library, source, choose_importer(source))

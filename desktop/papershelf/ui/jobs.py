"""One-off background jobs on the library (an import, its dry run) with progress and cancel.

A job opens its own connection to the library in its thread (SQLite connections are per
thread); the window's library keeps the single-instance lock. Results and errors come back as
signals, so the UI thread never waits on the job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QThread, Signal

from papershelf.core.errors import Cancelled, PapershelfError
from papershelf.core.library import Library
from papershelf.ui.signals import emit

Work = Callable[[Library, "Job"], Any]


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed (thread-safe)."""
    return QCoreApplication.translate("Jobs", text)


class Job(QThread):
    """Runs ``work(library, job)`` in a thread; ``job.progress`` and ``job.cancelled`` help it."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    was_cancelled = Signal()

    def __init__(self, folder: Path, work: Work, parent: Any = None):
        super().__init__(parent)
        self.folder = folder
        self.work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop; it rolls back and ``was_cancelled`` fires."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """Whether cancel was asked (the work polls this)."""
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        """Report progress from the work (thread-safe: a queued signal)."""
        emit(self.progressed, done, total)

    def run(self) -> None:
        """Open the library, do the work, report how it ended."""
        try:
            with Library(self.folder) as library:
                result = self.work(library, self)
        except Cancelled:
            emit(self.was_cancelled)
        except PapershelfError as exc:
            emit(self.failed, str(exc))
        except OSError as exc:  # the disk, not the program: say which file and why
            where = f" ({exc.filename})" if exc.filename else ""
            emit(self.failed, f"{exc.strerror or exc}{where}.")
        except BaseException:
            # A bug: the job's caller is told it stopped, and the exception goes on to
            # sys.excepthook, which hands it to the GUI thread's crash report.
            emit(self.failed, tr("Stopped by an internal error (reported separately)."))
            raise
        else:
            emit(self.succeeded, result)

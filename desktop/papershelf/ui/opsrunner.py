"""Running the core's operations from the window: one place, one "changed" signal.

Every action that changes the library is a core operation (``operations``, ``annotations``)
given here as a callable on the library. Quick ones (a mark, a tag, a note's save) run on the
UI thread: a few milliseconds. Slow ones (emptying the trash, undoing an import of thousands)
run in a job with their own connection, off the UI thread. Either way the window hears of it
once, through ``changed``, and refreshes what the ``Changes`` name; the Edit menu's Undo and
Redo then say what they would do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from papershelf.core import history
from papershelf.core.errors import LibraryBusy, PapershelfError
from papershelf.core.library import Library
from papershelf.core.operations import Changes
from papershelf.ui.jobs import Job
from papershelf.ui.signals import emit

Operation = Callable[[Library], Changes]
# shown translated
BUSY = "An import is running; try again when it has finished."
WAITING = "Another Papershelf is writing to the library; your change follows as soon as it is done…"
UI_WAIT_MS = 50  # how long the window's own thread waits for another process's write
JOB_WAIT_MS = 1000  # a job's wait between looks at whether it was cancelled
CLOSE_WAIT_MS = 30_000  # how long closing the window waits for a change to be made


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Operations", text)


class Operations(QObject):
    """Runs operations for one window."""

    changed = Signal(object)  # Changes

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self.waiting: list[tuple[Operation, str]] = []  # to run in order after the job

    def run(
        self,
        operation: Operation,
        *,
        message: str | None = None,
        quiet: bool = False,
        raising: bool = False,
    ) -> Changes | None:
        """Run a quick operation now; say what it did (or why it could not) in the status bar.

        ``quiet``: say nothing when it worked (a note saved as you type). ``raising``: let a
        refusal through to the caller (a form that shows it beside the field).
        """
        if self._importing():
            if raising:
                raise PapershelfError(tr(BUSY))
            return None
        if self.job is not None:  # an earlier change waits for the write lock: this one follows
            if raising:
                raise PapershelfError(tr("A change is being made; try again in a moment."))
            self.run_slow(operation, working=tr(WAITING))
            return None
        try:
            changes = operation(self.window.library)
        except LibraryBusy:
            if raising:
                raise
            # Another process (a command-line import) holds the write lock: the key press is
            # not kept waiting; the change is made by a job as soon as the lock is free.
            self.run_slow(operation, working=tr(WAITING))
            return None
        except PapershelfError as exc:
            emit(self.changed, Changes())  # a refused undo may have set its entry aside
            if raising:
                raise
            self._say(str(exc), 8000)
            return None
        self._done(changes, None if quiet else message, quiet)
        return changes

    def run_slow(self, operation: Operation, *, working: str) -> None:
        """Run an operation in a job; the window keeps answering meanwhile. Operations asked
        for while one runs follow it, in the order they were asked for."""
        if self._importing():
            return
        self._say(working, 0)
        if self.job is not None:
            self.waiting.append((operation, working))
            return

        def work(library: Library, job: Job) -> Changes:
            library.set_busy_timeout(JOB_WAIT_MS)
            while True:  # another process's long write: wait for it, however long
                try:
                    return operation(library)
                except LibraryBusy:
                    if job.cancelled():
                        raise
                    continue

        job = Job(self.window.library.folder, work, self)
        self.job = job

        def failed(text: str) -> None:
            self._say(text, 8000)
            emit(self.changed, Changes())

        job.succeeded.connect(lambda changes: self._done(changes, None))
        job.failed.connect(failed)
        job.finished.connect(lambda: self._finished(job))
        job.start()

    def _importing(self) -> bool:
        if self.window.imports.busy():
            self._say(tr(BUSY), 4000)
            return True
        return False

    def _done(self, changes: Changes, message: str | None, quiet: bool = False) -> None:
        emit(self.changed, changes)
        text = message or history.done(changes.label)
        if text and not quiet:
            self._say(text if text.endswith(".") else f"{text}.", 4000)

    def _finished(self, job: Job) -> None:
        if self.job is job:
            self.job = None
        job.deleteLater()
        if self.waiting and self.job is None:
            operation, working = self.waiting.pop(0)
            self.run_slow(operation, working=working)

    def _say(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def shutdown(self) -> None:
        """Finish the changes asked for (the window is closing): the running one and those
        waiting, here and now; a change still kept waiting by another process after
        ``CLOSE_WAIT_MS`` is given up."""
        if self.job is not None:
            if not self.job.wait(CLOSE_WAIT_MS):
                self.job.cancel()
                self.job.wait()
            self.job = None
        library = self.window.library
        library.set_busy_timeout(CLOSE_WAIT_MS)
        for operation, _working in self.waiting:
            try:
                operation(library)
            except PapershelfError:
                break
        self.waiting.clear()

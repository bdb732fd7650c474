"""Saving notes off the UI thread, the newest text of each note winning.

A save is one ``set_note`` operation; for a note of megabytes it takes a few hundred
milliseconds (the note and its undo images written and compressed), which typing must never
wait for. The editor hands each text to ``submit``; this worker, in its own thread with its
own connection, writes the newest text of each paper and drops the ones overtaken. ``flush``
waits until everything handed over is written (before closing, undoing or reading the note).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from papershelf.core import operations as ops
from papershelf.core.errors import PapershelfError
from papershelf.core.library import Library
from papershelf.ui.signals import emit


class NoteSaver(QObject):
    """Writes notes handed to it, newest first to last."""

    saved = Signal(object)  # Changes
    failed = Signal(int, str)  # paper id, why
    wake = Signal()

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.library: Library | None = None
        self._lock = threading.Lock()
        self._pending: dict[int, str] = {}
        self._idle = threading.Event()
        self._idle.set()
        self.wake.connect(self._drain)  # queued: this object lives in its own thread

    def submit(self, paper_id: int, text: str) -> None:
        """Save ``text`` as the paper's note soon (called from the UI thread)."""
        with self._lock:
            self._pending[paper_id] = text
            self._idle.clear()
        emit(self.wake)

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every note handed over is written; whether it was in time."""
        return self._idle.wait(timeout)

    @Slot()
    def _drain(self) -> None:
        try:
            while self._save_one():
                pass
        except BaseException:
            self._idle.set()  # a bug: nobody must wait for this forever
            raise

    def _save_one(self) -> bool:
        with self._lock:
            if not self._pending:
                self._idle.set()
                return False
            paper_id, text = self._pending.popitem()
        try:
            if self.library is None:
                self.library = Library(self.folder)
            changes = ops.set_note(self.library, paper_id, text, typing=True)
        except (PapershelfError, sqlite3.OperationalError) as exc:  # a full disk, a lock
            emit(self.failed, paper_id, str(exc))
        else:
            emit(self.saved, changes)
        return True

    @Slot()
    def shutdown(self) -> None:
        """Close the connection (in this thread, where it was opened)."""
        if self.library is not None:
            self.library.close()
            self.library = None

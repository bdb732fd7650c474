"""Advisory locks on files in the library folder, which the operating system drops when the
process holding them dies: a crash never leaves a library or its index locked.

Any number of processes may open one library (SQLite arbitrates their writes). Two locks
remain: ``WindowLock``, so that one library has at most one window (two would each believe
their screen), and ``IndexLock``, so that only one process writes the Whoosh index at a time
(Whoosh's own lock does not cover the segments Papershelf writes itself, nor the swap of a
rebuilt index).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from papershelf.core.errors import LibraryLocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class FileLock:
    """An exclusive lock on one file, held until ``release``."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; whether it was taken."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def acquire(self, timeout: float | None = None, poll: float = 0.05) -> bool:
        """Wait for the lock (at most ``timeout`` seconds; None: as long as it takes)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.try_acquire():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(poll)
        return True

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class WindowLock(FileLock):
    """One window per library: ``DIR/.lock``."""

    def __init__(self, folder: Path):
        super().__init__(folder / ".lock")

    def take(self) -> None:
        """Take the lock, or raise LibraryLocked if another window has the library open."""
        if not self.try_acquire():
            raise LibraryLocked(
                f"The library {self.path.parent} is open in another Papershelf window; "
                "switch to that one (the command line works beside it)."
            )


class IndexLock(FileLock):
    """One index writer per library: ``DIR/index.lock``."""

    def __init__(self, folder: Path):
        super().__init__(folder / "index.lock")

"""One running Papershelf per library: an advisory lock on a file in the library folder.

The operating system drops the lock when the process dies, so a crash never leaves the
library locked.
"""

from __future__ import annotations

import os
from pathlib import Path

from papershelf.core.errors import LibraryLocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class LibraryLock:
    """An exclusive lock on ``DIR/.lock``, held until ``release``."""

    def __init__(self, folder: Path):
        self.path = folder / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise LibraryLocked if another process holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise LibraryLocked(
                f"The library {self.path.parent} is open in another Papershelf; "
                "close that one first."
            ) from None
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

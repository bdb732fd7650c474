"""Errors a user can do something about. Each carries one sentence meant for them.

Anything else that escapes the core is a bug: the CLI and the window report it as one.
"""

from __future__ import annotations


class PapershelfError(Exception):
    """An error caused by the environment or the input, with a message for the user."""


class LibraryError(PapershelfError):
    """The library folder cannot be opened or written."""


class LibraryLocked(LibraryError):
    """Another Papershelf window has the library open."""


class LibraryBusy(LibraryError):
    """Another process held the library's write lock for longer than this one would wait."""


class WriteFailed(LibraryError):
    """The library could not be written (a full disk, a read-only file); nothing changed."""


class NotFound(PapershelfError):
    """A paper, tag or batch the user named does not exist."""


class ImportRefused(PapershelfError):
    """An input could not be imported; nothing was written."""

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple:
        return (ImportRefused, (self.source, self.reason, self.line))


class Cancelled(Exception):
    """The user cancelled a long operation; whatever it did was rolled back."""

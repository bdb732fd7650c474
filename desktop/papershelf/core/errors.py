"""Errors a user can do something about. Each carries one sentence meant for them.

Anything else that escapes the core is a bug: the CLI and the window report it as one.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with its control characters (a newline in a file name, an escape, a byte that
    was not UTF-8) written as escapes, so that a message holding it stays one line and cannot
    forge another."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # a byte of a non-UTF-8 name, as os.fsdecode keeps it
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def quoted_name(name: str) -> str:
    """A file name for a message: as it is, or quoted with escapes when it holds characters
    that are not printable."""
    return name if name.isprintable() else f'"{one_line(name)}"'


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
        name = quoted_name(source)
        where = f"{name}, line {line}" if line else name
        super().__init__(f"{where}: {one_line(reason)}")

    def __reduce__(self) -> tuple:
        return (ImportRefused, (self.source, self.reason, self.line))


class Cancelled(Exception):
    """The user cancelled a long operation; whatever it did was rolled back."""

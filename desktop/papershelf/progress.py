"""A progress line on stderr for long CLI work, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time


class TerminalProgress:
    """Rewrites one stderr line at most ten times a second; silent when not on a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.enabled = sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def update(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (total 0 or bytes: just the count)."""
        if not self.enabled or time.monotonic() - self._last < 0.1:
            return
        self._last = time.monotonic()
        self._shown = True
        sys.stderr.write(
            f"\r{self.label}: {done:,}" + (f" / {total:,}" if total > done else "") + "   "
        )
        sys.stderr.flush()

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()

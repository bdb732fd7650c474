"""Helpers for the worker processes the core starts (bulk indexing, parsing large imports)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from multiprocessing.connection import wait


def die_with_parent() -> None:
    """In a worker: exit as soon as the process that started it is gone (killed, crashed).

    Without this, a worker blocked on a full queue or idle in a pool would outlive a killed
    Papershelf for ever.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


NICENESS = 5


def background() -> None:
    """In a worker: exit with the parent, and run below its priority.

    Parsing and indexing workers keep both cores busy; at a lower priority they take only what
    the window and the merging thread leave, and the window never waits for a core behind them
    (a 10 ms timer saw 98 ms gaps during a 75k import before, with three busy processes).
    """
    die_with_parent()
    with contextlib.suppress(AttributeError, OSError):  # no nice() on Windows: a nicety
        os.nice(NICENESS)

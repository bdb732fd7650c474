"""Helpers for the worker processes the core starts (bulk indexing, parsing large imports)."""

from __future__ import annotations

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

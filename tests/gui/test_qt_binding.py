"""The Qt binding itself: a fault found in one release, checked in whichever is installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTimer

CALLS = 3000


def test_single_shot_timers_keep_none_alive(qtbot):
    # PySide6 6.12.0 released a reference to None at each QTimer.singleShot(ms, callable);
    # the window calls it all day, and Python 3.11 aborts when None's count reaches zero.
    fired = []
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        QTimer.singleShot(0, lambda: fired.append(1))
    qtbot.waitUntil(lambda: len(fired) == CALLS)
    QCoreApplication.processEvents()
    assert sys.getrefcount(None) > before - CALLS // 10

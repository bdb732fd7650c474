"""File → Restore from backup…: the window lists the backups and restores one after asking;
the index is rebuilt by itself and the window shows the library as the backup had it."""

from __future__ import annotations

import pytest
from helpers import count, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from papershelf.core import backup
from papershelf.ui import plain
from papershelf.ui.backupdialog import RestoreDialog

pytestmark = pytest.mark.timeout(60)


def _open_restore(qtbot, window) -> RestoreDialog:
    window.qactions["Restore from backup"][0].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RestoreDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.list.hasFocus())  # the keyboard is in the dialog's list
    return dialog


def test_restoring_a_backup_brings_back_the_library_it_held(qtbot, window, monkeypatch):
    made = backup.snapshot(window.library, backup.MANUAL)
    press(qtbot, window.list, "r")
    qtbot.waitUntil(lambda: count(window, "status", "read") == 1)

    dialog = _open_restore(qtbot, window)
    assert dialog.list.count() == 1
    assert "manual" in dialog.list.item(0).text() and "65 papers" in dialog.list.item(0).text()
    asked: list[str] = []
    monkeypatch.setattr(plain, "ask", lambda *a, **k: asked.append(a[2]) or True)
    press(qtbot, dialog.list, Qt.Key.Key_Return)
    assert asked and asked[0].startswith("Replace the library with the backup of")
    qtbot.waitUntil(lambda: count(window, "status", "read") == 0, timeout=10000)
    assert count(window, "status", "unread") == 65
    qtbot.waitUntil(lambda: window.list.hasFocus())

    # the index was rebuilt by itself: a search finds papers again
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, "retrieval")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 65, timeout=10000)
    # the library as it was before the restore is kept as a backup of its own
    reasons = [b.reason for b in backup.backups(window.library.folder)]
    assert reasons.count(backup.BEFORE_RESTORE) == 1 and made.path.exists()


def test_saying_no_restores_nothing(qtbot, window, monkeypatch):
    backup.snapshot(window.library, backup.MANUAL)
    press(qtbot, window.list, "r")
    qtbot.waitUntil(lambda: count(window, "status", "read") == 1)
    dialog = _open_restore(qtbot, window)
    monkeypatch.setattr(plain, "ask", lambda *a, **k: False)
    press(qtbot, dialog.list, Qt.Key.Key_Return)
    assert dialog.isVisible()  # still choosing
    press(qtbot, dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert count(window, "status", "read") == 1
    assert [b.reason for b in backup.backups(window.library.folder)] == [backup.MANUAL]

"""Undoing an import from the window: the import chosen in the sidebar loses its papers."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from papershelf.core.listing import View
from papershelf.ui import actions as registry


def test_undo_import_removes_the_batch(window, qtbot, monkeypatch) -> None:
    batch = window.library.batches()[0]["id"]
    window.sidebar.select_view(View("batch", batch))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    registry.by_name("Undo import").handler(window)
    qtbot.waitUntil(lambda: window.library.count() == 0)
    assert window.library.batches() == []
    # the job has committed; its report reaches the window a moment later
    qtbot.waitUntil(lambda: "Removed import 1 (65 papers)." in window.statusBar().currentMessage())


def test_undo_import_needs_an_import_chosen(window, qtbot) -> None:
    window.sidebar.select_view(View())
    registry.by_name("Undo import").handler(window)
    assert window.library.count() == 65
    assert "Choose an import" in window.statusBar().currentMessage()

"""Undoing an import from the window: the import chosen in the sidebar loses its papers."""

from __future__ import annotations

from papershelf.core.listing import View
from papershelf.ui import actions as registry
from papershelf.ui import plain


def test_undo_import_removes_the_batch(window, qtbot, monkeypatch) -> None:
    batch = window.library.batches()[0]["id"]
    window.sidebar.select_view(View("batch", batch))
    monkeypatch.setattr(plain, "ask", lambda *a, **k: True)
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

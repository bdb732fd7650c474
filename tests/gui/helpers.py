"""Helpers shared by the window tests: titles on screen, sidebar counts, key presses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from papershelf.core.listing import View
from papershelf.ui.listmodel import cell_text


def titles(window) -> list[str]:
    """The titles the list shows, in order."""
    model = window.model
    return [cell_text(model.paper_row(r), "title") for r in range(model.rowCount())]


def count(window, kind: str, value: str | None = None) -> int | None:
    """The count the sidebar shows beside a view."""
    return window.sidebar.count_of(View(kind, value))


def press(qtbot, widget: QWidget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press one key on a widget, as a user would (shortcuts included)."""
    qtbot.keyClick(widget, key, modifier)


def focused(qtbot, widget: QWidget) -> None:
    """Wait until ``widget`` has the keyboard focus."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)

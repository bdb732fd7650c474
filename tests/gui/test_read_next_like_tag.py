"""Read next, per tag: on a tag in the sidebar, "Read next like this tag" (its context menu, or
the command palette) lists the untagged unread papers most like the tag's, under Read next."""

from __future__ import annotations

from helpers import focused, press, titles
from PySide6.QtCore import Qt

from papershelf.core import operations as ops
from papershelf.core.listing import View

CTRL = Qt.KeyboardModifier.ControlModifier


def _choose_tag(qtbot, window, name: str) -> None:
    window.sidebar.select_view(View("tag", name))
    qtbot.waitUntil(lambda: window.sidebar.current_view() == View("tag", name))


def _retrieval_tag(qtbot, window) -> list[int]:
    ids = [i for i, t in zip(window.model.ids, titles(window), strict=True) if "Retriev" in t][:3]
    assert len(ids) == 3
    ops.add_tag(window.library, ids, "retrieval")
    window.sidebar.refresh()
    return ids


def test_the_tags_menu_shows_read_next_like_it(qtbot, window) -> None:
    tagged = _retrieval_tag(qtbot, window)
    _choose_tag(qtbot, window, "retrieval")
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    menu = window.sidebar.tag_menu()
    assert menu is not None and [a.text() for a in menu.actions()] == ["Read next like this tag"]
    menu.actions()[0].trigger()
    assert window.sidebar.current_view() == View("next", "retrieval")
    # the tag's own papers are left out, and the rest ranked
    qtbot.waitUntil(
        lambda: window.model.ids and not set(window.model.ids) & set(tagged), timeout=10000
    )
    assert any("retriev" in t.lower() for t in titles(window)[:5]), titles(window)[:5]
    entry = window.sidebar.currentItem()
    assert entry.text(0) == "like retrieval" and entry.parent().text(0) == "Read next"


def test_the_palette_runs_it_and_says_what_to_do_without_a_tag(qtbot, window) -> None:
    press(qtbot, window.list, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(
        lambda: window.command_palette is not None and window.command_palette.isVisible()
    )
    focused(qtbot, window.command_palette.edit)
    qtbot.keyClicks(window.command_palette.edit, "like this tag")
    qtbot.keyClick(window.command_palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Choose a tag" in window.statusBar().currentMessage())

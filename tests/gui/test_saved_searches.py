"""Saved searches in the window: Ctrl+S names the search, the sidebar lists and counts it, and
F2, Delete, Alt+Up/Down (and a drag) rename, remove and move it, each undone by Ctrl+Z."""

from __future__ import annotations

from helpers import focused, press, titles
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTreeWidgetItem

from papershelf.core import saved
from papershelf.core.library import Library
from papershelf.core.listing import View
from papershelf.ui.savedialog import SavedSearchDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def entry(window, name: str) -> QTreeWidgetItem | None:
    """The sidebar's line for a saved search."""
    flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
    found = [
        item
        for item in window.sidebar.findItems(name, flags, 0)
        if item.data(0, Qt.ItemDataRole.UserRole + 1).kind == "saved"
    ]
    return found[0] if found else None


def saved_names(window) -> list[str]:
    """The saved searches the sidebar lists, top to bottom."""
    return [s.name for s in window.sidebar.saved]


def shown_count(window, name: str) -> str | None:
    item = entry(window, name)
    return item.text(1) if item is not None else None


def open_save_dialog(qtbot, window) -> SavedSearchDialog:
    press(qtbot, window.search, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.saved_flow.dialog is not None)
    dialog = window.saved_flow.dialog
    qtbot.waitUntil(dialog.isVisible)
    focused(qtbot, dialog.name)
    return dialog


def search_for(qtbot, window, text: str) -> None:
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    qtbot.keyClicks(window.search, text)
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 65)


def click(qtbot, window, item: QTreeWidgetItem) -> None:
    sidebar = window.sidebar
    sidebar.scrollToItem(item)
    center = sidebar.visualItemRect(item).center()
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=center)


def add(window, name: str, query: str) -> None:
    """A saved search made as the window makes them (its runner), without the dialog."""
    window.ops.run(lambda library: saved.add(library, name, query))


def test_ctrl_s_saves_the_search_shown_and_the_sidebar_counts_it(qtbot, window):
    search_for(qtbot, window, "retrieval")
    found = titles(window)
    dialog = open_save_dialog(qtbot, window)
    assert dialog.name.text() == "retrieval"  # the name starts as the query
    assert dialog.query.text() == "retrieval"
    assert dialog.query.textFormat() == Qt.TextFormat.PlainText
    assert dialog.name.selectedText() == "retrieval"  # ready to be typed over
    press(qtbot, dialog.name, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.name, "  papers  ")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    focused(qtbot, window.search)  # back where the keyboard was
    assert saved_names(window) == ["retrieval papers"]  # spaces squashed
    qtbot.waitUntil(lambda: shown_count(window, "retrieval papers") == str(len(found)))
    assert "Saved the search “retrieval papers”" in window.statusBar().currentMessage()
    assert window.qactions["Undo"][0].text() == "Undo save search 'retrieval papers'"


def test_choosing_a_saved_search_shows_its_papers_and_empties_the_box(qtbot, window):
    search_for(qtbot, window, "retrieval")
    found = titles(window)
    dialog = open_save_dialog(qtbot, window)
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: entry(window, "retrieval") is not None)
    focused(qtbot, window.search)
    press(qtbot, window.search, Qt.Key.Key_Escape)  # the box cleared
    qtbot.waitUntil(lambda: window.model.rowCount() == 65)
    search_for(qtbot, window, "language")
    click(qtbot, window, entry(window, "retrieval"))
    assert window.search.text() == ""
    qtbot.waitUntil(lambda: sorted(titles(window)) == sorted(found))
    assert window.count_label.text() == f"{len(found)} of 65 papers"
    # typing narrows the saved search down
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, "heads")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < len(found))
    assert set(titles(window)) <= set(found)


def test_ctrl_s_with_an_empty_box_says_what_to_do(qtbot, window):
    press(qtbot, window.list, Qt.Key.Key_S, CTRL)
    assert "Type a search first" in window.statusBar().currentMessage()
    assert window.saved_flow.dialog is None


def test_a_name_in_use_is_refused_in_the_dialog_which_stays_open(qtbot, window):
    add(window, "Retrieval", "retrieval")
    search_for(qtbot, window, "language model")
    dialog = open_save_dialog(qtbot, window)
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "RETRIEVAL")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "already a saved search called 'Retrieval'" in dialog.error.text()
    qtbot.keyClicks(dialog.name, " 2")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: saved_names(window) == ["Retrieval", "RETRIEVAL 2"])


def test_the_view_becomes_part_of_the_saved_query(qtbot, window):
    window.sidebar.select_view(View("status", "unread"))
    search_for(qtbot, window, "retrieval")
    dialog = open_save_dialog(qtbot, window)
    assert dialog.query.text() == "is:unread retrieval"
    press(qtbot, dialog.name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert saved_names(window) == []


def test_f2_on_a_saved_search_renames_it_and_ctrl_z_takes_it_back(qtbot, window):
    add(window, "rag", "retrieval")
    click(qtbot, window, entry(window, "rag"))
    focused(qtbot, window.sidebar)
    press(qtbot, window.sidebar, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.saved_flow.dialog is not None)
    dialog = window.saved_flow.dialog
    assert dialog.windowTitle() == "Rename saved search"
    focused(qtbot, dialog.name)
    qtbot.keyClicks(dialog.name, "Retrieval (RAG)")  # typed over the selected name
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: saved_names(window) == ["Retrieval (RAG)"])
    focused(qtbot, window.sidebar)
    assert window.sidebar.current_view() == View("saved", window.sidebar.saved[0].id)
    press(qtbot, window.sidebar, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: saved_names(window) == ["rag"])


def test_delete_removes_a_saved_search_and_ctrl_z_brings_it_back(qtbot, window):
    add(window, "rag", "retrieval")
    qtbot.waitUntil(lambda: (shown_count(window, "rag") or "").isdigit())
    count = shown_count(window, "rag")
    click(qtbot, window, entry(window, "rag"))
    focused(qtbot, window.sidebar)
    press(qtbot, window.sidebar, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: entry(window, "rag") is None)
    assert window.library.count() == 65  # its papers stay
    assert window.sidebar.current_view() == View()  # the list went back to every paper
    qtbot.waitUntil(lambda: window.model.rowCount() == 65)
    assert "Ctrl+Z brings it back" in window.statusBar().currentMessage()
    press(qtbot, window.sidebar, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: shown_count(window, "rag") == count)


def test_alt_up_and_down_move_a_saved_search(qtbot, window):
    for name in ("one", "two", "three"):
        add(window, name, name)
    click(qtbot, window, entry(window, "three"))
    focused(qtbot, window.sidebar)
    press(qtbot, window.sidebar, Qt.Key.Key_Up, ALT)
    qtbot.waitUntil(lambda: saved_names(window) == ["one", "three", "two"])
    press(qtbot, window.sidebar, Qt.Key.Key_Up, ALT)
    qtbot.waitUntil(lambda: saved_names(window) == ["three", "one", "two"])
    press(qtbot, window.sidebar, Qt.Key.Key_Up, ALT)  # at the top already: nothing to do
    press(qtbot, window.sidebar, Qt.Key.Key_Down, ALT)
    qtbot.waitUntil(lambda: saved_names(window) == ["one", "three", "two"])
    assert window.sidebar.currentItem().text(0) == "three"  # it stays chosen
    press(qtbot, window.sidebar, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: saved_names(window) == ["three", "one", "two"])
    with Library(window.library.folder) as other:  # as stored, not only as shown
        assert [s.name for s in saved.saved_searches(other)] == ["three", "one", "two"]


def test_a_saved_search_dropped_on_another_takes_its_place(qtbot, window):
    for name in ("one", "two", "three"):
        add(window, name, name)
    sidebar = window.sidebar
    click(qtbot, window, entry(window, "three"))
    target = sidebar.visualItemRect(entry(window, "one")).center()
    data = QMimeData()
    drop = QDropEvent(
        QPointF(target),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    sidebar.dropEvent(drop)  # a drag that did not start in the sidebar moves nothing
    assert saved_names(window) == ["one", "two", "three"]
    monkey_source = sidebar  # what a drag within the sidebar says it came from
    drop.source = lambda: monkey_source  # type: ignore[method-assign]
    sidebar.dropEvent(drop)
    qtbot.waitUntil(lambda: saved_names(window) == ["three", "one", "two"])


def test_the_context_menu_offers_the_same_and_deletes(qtbot, window):
    add(window, "rag", "retrieval")
    click(qtbot, window, entry(window, "rag"))
    menu = window.sidebar.saved_menu()
    texts = [a.text().split("\t")[0] for a in menu.actions()]
    assert texts == ["Rename…", "Move up", "Move down", "Delete"]
    menu.actions()[3].trigger()
    qtbot.waitUntil(lambda: entry(window, "rag") is None)
    window.sidebar.select_view(View("status", "unread"))
    assert window.sidebar.saved_menu() is None  # only on a saved search


def test_counts_follow_changes_to_the_papers(qtbot, window):
    add(window, "to read", "is:unread")
    qtbot.waitUntil(lambda: shown_count(window, "to read") == "65")
    press(qtbot, window.list, "r")
    qtbot.waitUntil(lambda: shown_count(window, "to read") == "64")
    press(qtbot, window.list, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: shown_count(window, "to read") == "65")


def test_a_search_saved_from_the_command_line_appears(qtbot, window):
    with Library(window.library.folder) as other:
        saved.add(other, "from the shell", "tag:none-yet OR retrieval")
    qtbot.waitUntil(lambda: entry(window, "from the shell") is not None, timeout=5000)
    qtbot.waitUntil(lambda: (shown_count(window, "from the shell") or "").isdigit())


def test_a_name_or_query_that_looks_like_markup_stays_text(qtbot, window):
    add(window, "<b>bold</b>", "<i>retrieval</i>")
    item = entry(window, "<b>bold</b>")
    assert item is not None
    assert "&lt;i&gt;retrieval&lt;/i&gt;" in item.toolTip(0)


# -- read next -----------------------------------------------------------------------------


class Similar:
    """What ``similar.read_next`` gives: a paper id and its score."""

    def __init__(self, id: int, score: float):  # noqa: A002
        self.id = id
        self.score = score


def test_read_next_shows_the_ranked_papers_and_the_search_narrows_them(qtbot, window, monkeypatch):
    import sys
    import types

    ranked = list(reversed(window.model.ids))[:10]  # whatever the ranking gives
    asked = []

    def read_next(library, index, tag=None, limit=50):
        asked.append(limit)
        return [Similar(i, 1.0 - n / 100) for n, i in enumerate(ranked)][:limit]

    stand_in = types.ModuleType("papershelf.core.similar")
    stand_in.read_next = read_next
    monkeypatch.setitem(sys.modules, "papershelf.core.similar", stand_in)
    click(qtbot, window, entry_named(window, "Read next"))
    assert window.sidebar.current_view() == View("next")
    qtbot.waitUntil(lambda: sorted(window.model.ids) == sorted(ranked))
    assert asked and asked[-1] == 200
    title_of = dict(zip(window.model.ids, titles(window), strict=True))
    word = max(title_of[ranked[3]].split(), key=len).strip(":,.()").lower()
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, word)
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < len(ranked))
    assert ranked[3] in window.model.ids and set(window.model.ids) <= set(ranked)


def entry_named(window, label: str) -> QTreeWidgetItem:
    flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
    return window.sidebar.findItems(label, flags, 0)[0]

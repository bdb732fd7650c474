"""Driving the real window with the keyboard: search, moving, marking, tagging, dialogs."""

from __future__ import annotations

from helpers import count, focused, press, titles
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from papershelf.ui.dialogs import CommandPalette, ShortcutSheet

RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"


def test_slash_and_typing_filter_the_list(qtbot, window):
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    qtbot.keyClicks(window.search, "retrieval head")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 65)
    assert RETRIEVAL_HEAD in titles(window)
    assert window.detail.paper is not None
    assert "background-color:#ececec" in window.detail.toHtml().replace(" ", "")


def test_enter_moves_to_the_list_and_esc_clears(qtbot, window):
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, "retrieval")
    press(qtbot, window.search, Qt.Key.Key_Return)
    focused(qtbot, window.list)
    qtbot.waitUntil(lambda: window.model.rowCount() < 65)
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    press(qtbot, window.search, Qt.Key.Key_Escape)
    focused(qtbot, window.list)
    assert window.search.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == 65)


def test_parse_errors_show_in_the_status_bar(qtbot, window):
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, "(retrieval")
    qtbot.waitUntil(lambda: "parenthesis" in window.statusBar().currentMessage())
    assert window.model.rowCount() > 0


def test_j_k_and_arrows_move_the_selection(qtbot, window):
    assert window.list.currentIndex().row() == 0
    press(qtbot, window.list, "j")
    press(qtbot, window.list, "j")
    assert window.list.currentIndex().row() == 2
    press(qtbot, window.list, "k")
    assert window.list.currentIndex().row() == 1
    press(qtbot, window.list, Qt.Key.Key_Down)
    assert window.list.currentIndex().row() == 2
    assert window.detail.paper["id"] == window.model.ids[2]


def test_r_unbolds_the_row_and_updates_the_unread_count(qtbot, window):
    bold = window.model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()
    assert count(window, "status", "unread") == 65
    press(qtbot, window.list, "r")
    assert window.model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert count(window, "status", "unread") == 64
    assert count(window, "status", "read") == 1
    press(qtbot, window.list, "u")
    assert count(window, "status", "unread") == 65


def test_single_letters_type_in_the_search_box(qtbot, window):
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    qtbot.keyClicks(window.search, "rtj")
    assert window.search.text() == "rtj"
    assert count(window, "status", "unread") == 65
    assert not window.tag_entry.isVisible()


def test_t_tags_two_selected_papers(qtbot, window):
    press(qtbot, window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ids = window.list.selected_ids()
    assert len(ids) == 2
    press(qtbot, window.list, "t")
    focused(qtbot, window.tag_entry.edit)
    qtbot.keyClicks(window.tag_entry.edit, "rag")
    press(qtbot, window.tag_entry.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tag_entry.isVisible())
    assert window.library.tags_of(ids) == {ids[0]: ["rag"], ids[1]: ["rag"]}
    assert count(window, "tag", "rag") == 2
    assert window.model.index(0, 3).data() == "rag"


def test_shift_t_removes_a_tag_with_completion(qtbot, window):
    ids = window.list.selected_ids()
    window.triage._tag_ids = ids
    window.triage.tag("later", True)
    press(qtbot, window.list, "T", Qt.KeyboardModifier.ShiftModifier)
    focused(qtbot, window.tag_entry.edit)
    assert window.tag_entry.completer.model().stringList() == ["later"]
    qtbot.keyClicks(window.tag_entry.edit, "later")
    press(qtbot, window.tag_entry.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library.tags_of(ids) == {})
    assert count(window, "tag", "later") is None


def test_question_mark_shows_the_shortcut_sheet(qtbot, window):
    press(qtbot, window.list, "?")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutSheet))
    sheet = QApplication.activeModalWidget()
    assert "Mark read" in sheet.texts()
    press(qtbot, sheet, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sheet.isVisible())


def test_the_palette_runs_an_action_by_name(qtbot, window):
    press(qtbot, window.list, "k", Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommandPalette))
    palette = QApplication.activeModalWidget()
    focused(qtbot, palette.edit)
    qtbot.keyClicks(palette.edit, "mark read")
    assert palette.list.currentItem().text().startswith("Mark read ")
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: count(window, "status", "read") == 1)
    assert not palette.isVisible()


def test_enter_focuses_the_detail_pane_and_keys_work_there(qtbot, window):
    press(qtbot, window.list, Qt.Key.Key_Return)
    focused(qtbot, window.detail)
    press(qtbot, window.detail, "j")
    assert window.list.currentIndex().row() == 1
    press(qtbot, window.detail, "i")
    assert count(window, "status", "reading") == 1

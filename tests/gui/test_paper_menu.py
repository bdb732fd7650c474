"""The paper list's context menu, double-click, long author lists, TeX titles, narrow empty
columns, and Help's About and log."""

from __future__ import annotations

from helpers import press, titles
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from papershelf.core import operations as ops
from papershelf.ui import about
from papershelf.ui import window as window_module
from papershelf.ui.paperlist import SQUEEZED_MIN


def _row_point(window, row: int) -> QPoint:
    return window.list.visualRect(window.model.index(row, 0)).center()


def test_the_context_menu_marks_the_paper_under_the_pointer(qtbot, window):
    target = window.model.ids[3]
    window.show_paper_menu(_row_point(window, 3))
    menu = window.paper_menu
    qtbot.waitUntil(menu.isVisible)
    assert window.list.current_id() == target  # the row right-clicked became the selection
    names = [a.data() for a in menu.actions() if not a.isSeparator()]
    assert names[:3] == ["Mark read", "Mark reading", "Mark unread"]
    assert "Move to trash" in names and "Copy citation" in names
    press(qtbot, menu, Qt.Key.Key_Down)
    press(qtbot, menu, Qt.Key.Key_Return)  # the first: Mark read
    qtbot.waitUntil(lambda: window.library.paper(target)["status"] == "read")


def test_the_menu_acts_on_the_whole_selection_under_the_pointer(qtbot, window):
    window.list.select_row(0)
    window.list.also_select(window.model.ids[:3])
    window.show_paper_menu(_row_point(window, 1))
    assert window.list.selected_ids() == window.model.ids[:3]  # kept: the pointer was on it
    window.paper_menu.close()


def test_double_click_opens_the_link(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(window_module, "open_link", lambda url: opened.append(url.toString()))
    row = next(r for r, pid in enumerate(window.model.ids) if window.library.paper(pid)["links"])
    window.list.select_row(row)
    rect = window.list.visualRect(window.model.index(row, 0))
    qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [window.library.paper(window.model.ids[row])["links"][0]]


def test_a_long_author_list_is_shortened_and_can_be_shown_whole(qtbot, window):
    pid = window.model.ids[0]
    names = [f"Author{n} Surname" for n in range(2351)]
    window._on_changed(ops.edit_fields(window.library, pid, {"authors": names}))
    window.list.select_row(1)
    window.list.select_row(0)
    qtbot.waitUntil(lambda: "… and 2,341 more" in window.detail.toPlainText())
    text = window.detail.toPlainText()
    assert "Author9 Surname" in text and "Author10 Surname" not in text
    assert "show all" in text
    window.detail.show_all_authors(True)
    assert "Author2350 Surname" in window.detail.toPlainText()
    window.list.select_row(1)
    window.list.select_row(0)  # another paper and back: short again
    qtbot.waitUntil(lambda: "… and 2,341 more" in window.detail.toPlainText())


def test_tex_in_a_title_reads_as_text(qtbot, window):
    pid = window.model.ids[0]
    window._on_changed(
        ops.edit_fields(window.library, pid, {"title": "M$^2$CD: $\\alpha$-Nets for H$_2$O"})
    )
    qtbot.waitUntil(lambda: "M²CD: α-Nets for H₂O" in titles(window))
    window.list.select_row(0)
    qtbot.waitUntil(lambda: "M²CD: α-Nets for H₂O" in window.detail.toPlainText())
    assert window.library.paper(pid)["title"] == "M$^2$CD: $\\alpha$-Nets for H$_2$O"


def test_columns_with_nothing_in_them_make_room_for_the_title(qtbot, window):
    header = window.list.horizontalHeader()
    hidden = [window.list.isColumnHidden(n) for n in range(6)]
    assert hidden == [False, True, True, True, False, False]  # no authors, years, tags here
    assert header.sectionSize(0) >= window.list.viewport().width() * 0.45
    window._on_changed(ops.add_tag(window.library, [window.model.ids[0]], "later"))
    assert not window.list.isColumnHidden(3)  # a paper has a tag now: the column is back
    # the title keeps its share, or the tags column gave up all it can for it
    assert header.sectionSize(0) >= window.list.viewport().width() * 0.45 or (
        header.sectionSize(3) == SQUEEZED_MIN
    )


def test_about_names_the_versions_and_the_library(qtbot, window):
    window.show_about()
    dialog = window.findChild(about.AboutDialog)
    qtbot.waitUntil(dialog.isVisible)
    shown = " ".join(label.text() for label in dialog.findChildren(about.QLabel))
    assert "Papershelf" in shown and "Qt" in shown and str(window.library.folder) in shown
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_log_shows_its_end(qtbot, window, tmp_path, monkeypatch):
    log = tmp_path / "papershelf.log"
    log.write_text("first line\n" + "x" * (about.LOG_TAIL_BYTES + 10) + "\nlast line\n")
    monkeypatch.setattr(about.crash, "log_file", lambda: log)
    window.show_log()
    dialog = window.findChild(about.LogDialog)
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.toPlainText()
    assert text.endswith("last line\n") and "first line" not in text
    dialog.close()
    assert QApplication.activeModalWidget() is None or not dialog.isVisible()

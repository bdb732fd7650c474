""" "Related in your library" under the detail pane: it follows the open paper, `s` moves the
keyboard into it, j/k move there and Enter opens the paper in the list, from any view."""

from __future__ import annotations

from pathlib import Path

from helpers import focused, press, titles
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import SAMPLE_COUNT
from papershelf.core import operations as ops
from papershelf.core import similar
from papershelf.core.listing import View
from papershelf.core.session import Shelf
from papershelf.ui.listmodel import cell_text
from papershelf.ui.related import SHOWN

RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"
CORPUS_BRAIN = (
    "CorpusBrain: Pre-train a Generative Retrieval Model for Knowledge-Intensive Language Tasks"
)


def expected(folder: Path, paper_id: int) -> list[str]:
    """What the core ranks as related to a paper, as the pane should list it."""
    with Shelf(folder) as shelf:
        found = similar.related(shelf.library, shelf.index, paper_id, SHOWN)
        return [p["title"] for p in shelf.library.papers([s.id for s in found])]


def select(qtbot, window, title: str) -> int:
    row = next(
        r
        for r in range(window.model.rowCount())
        if cell_text(window.model.paper_row(r), "title") == title
    )
    window.list.select_row(row)
    qtbot.waitUntil(
        lambda: window.detail.paper is not None and window.detail.paper["title"] == title
    )
    window.list.setFocus()
    focused(qtbot, window.list)
    return int(window.detail.paper["id"])


def shown(window) -> list[str]:
    """The titles the related list shows (a year, if any, follows in brackets)."""
    return [text.rsplit("  (", 1)[0] for _, text in window.detail.related.items()]


def test_the_pane_lists_the_papers_like_the_open_one_and_follows_it(qtbot, window) -> None:
    panel = window.detail.related
    assert panel.isVisible() and panel.heading.text() == "Related in your library"
    first = select(qtbot, window, RETRIEVAL_HEAD)
    want = expected(window.library.folder, first)
    assert len(want) == SHOWN
    qtbot.waitUntil(lambda: shown(window) == want)
    assert RETRIEVAL_HEAD not in shown(window)
    second = select(qtbot, window, CORPUS_BRAIN)
    want = expected(window.library.folder, second)
    qtbot.waitUntil(lambda: shown(window) == want)
    assert CORPUS_BRAIN not in shown(window)


def test_s_moves_into_the_list_j_moves_and_enter_opens_the_paper(qtbot, window) -> None:
    select(qtbot, window, RETRIEVAL_HEAD)
    related = window.detail.related
    qtbot.waitUntil(lambda: len(shown(window)) == SHOWN)
    press(qtbot, window.list, "s")
    focused(qtbot, related.list)
    assert related.list.currentRow() == 0
    press(qtbot, related.list, "j")
    press(qtbot, related.list, "j")
    press(qtbot, related.list, "k")
    assert related.list.currentRow() == 1
    assert window.detail.paper["title"] == RETRIEVAL_HEAD  # j/k moved in the related list
    chosen = shown(window)[1]
    press(qtbot, related.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.paper["title"] == chosen)
    focused(qtbot, window.list)
    assert titles(window)[window.list.currentIndex().row()] == chosen
    qtbot.waitUntil(lambda: chosen not in shown(window) and len(shown(window)) == SHOWN)
    press(qtbot, window.list, "s")
    focused(qtbot, related.list)
    press(qtbot, related.list, Qt.Key.Key_Escape)
    focused(qtbot, window.list)


def test_opening_a_paper_the_search_hides_shows_every_paper(qtbot, window) -> None:
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, '"retrieval head"')
    press(qtbot, window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles(window) == [RETRIEVAL_HEAD])
    focused(qtbot, window.list)
    qtbot.waitUntil(lambda: len(shown(window)) == SHOWN)
    chosen = shown(window)[0]
    press(qtbot, window.list, "s")
    focused(qtbot, window.detail.related.list)
    press(qtbot, window.detail.related.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.paper["title"] == chosen)
    assert window.search.text() == ""
    assert window.sidebar.current_view() == View()
    assert window.model.rowCount() == SAMPLE_COUNT
    focused(qtbot, window.list)


def test_titles_are_shown_as_written_and_the_trash_is_left_out(qtbot, window) -> None:
    first = select(qtbot, window, RETRIEVAL_HEAD)
    qtbot.waitUntil(lambda: len(shown(window)) == SHOWN)
    best = window.detail.related.items()[0][0]
    ops.edit_fields(window.library, best, {"title": "<b>Bold</b> &amp; <i>retrieval heads</i>"})
    ops.trash(window.library, [window.detail.related.items()[1][0]])
    window.show_current()  # as after any change to the open paper
    qtbot.waitUntil(
        lambda: (
            "<b>Bold</b> &amp; <i>retrieval heads</i>" in shown(window)
            and len(shown(window)) == SHOWN
        )
    )
    assert shown(window) == expected(window.library.folder, first)


def test_s_with_no_paper_says_there_is_nothing_to_go_to(qtbot, window) -> None:
    press(qtbot, window.list, "/")
    qtbot.keyClicks(window.search, "zzzznotaword")
    press(qtbot, window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert not window.detail.related.isVisible()
    press(qtbot, window.list, "s")
    assert "No related papers" in window.statusBar().currentMessage()
    assert QApplication.focusWidget() is window.list


def test_moving_fast_seeks_the_related_papers_of_the_paper_the_cursor_rests_on(
    qtbot, window
) -> None:
    panel = window.detail.related
    window.list.select_row(0)
    focused(qtbot, window.list)
    qtbot.waitUntil(lambda: panel.shown_for == window.list.current_id())
    asked = panel._seq
    for _ in range(5):  # j pressed quickly: each paper passed is shown in the detail pane
        qtbot.keyClick(window.list, "j")
        qtbot.wait(40)
    qtbot.waitUntil(lambda: window.detail.paper["id"] == window.list.current_id())
    rested = window.list.current_id()
    assert window.list.currentIndex().row() == 5
    qtbot.waitUntil(lambda: panel.shown_for == rested)
    assert panel._seq - asked == 1  # not five: one, for the paper rested on
    assert shown(window) == expected(window.library.folder, rested)


def test_closing_the_window_while_an_ask_waits_starts_no_thread(qtbot, window) -> None:
    panel = window.detail.related
    panel.stop()  # as before its first ask: no thread yet
    qtbot.keyClick(window.list, "j")  # the ask now waits for the cursor to rest
    window.close()
    qtbot.wait(400)  # longer than the wait
    assert panel._thread is None

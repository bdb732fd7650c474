"""Search in the window as a person types: a half-typed word finds what it begins, the box offers
the library's words, a misspelt word gets "Did you mean", taken with Ctrl+. or a click, and the
detail pane marks the words the search found (by the index's own stems)."""

from __future__ import annotations

import pytest
from helpers import focused, press, titles
from PySide6.QtCore import Qt

pytestmark = pytest.mark.timeout(60)


def _type(qtbot, window, text: str) -> None:
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    qtbot.keyClicks(window.search, text)


def test_a_half_typed_word_shows_the_papers_it_begins(qtbot, window) -> None:
    everything = window.model.rowCount()
    _type(qtbot, window, "retr")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < everything, timeout=5000)
    assert any("Retriev" in t or "retriev" in t for t in titles(window)[:3])
    # a space ends the word: "retr" is then a whole word, and no paper holds it
    popup = window.search.offer_list  # it passes the key on to the box
    qtbot.keyClick(popup if popup.isVisible() else window.search, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5000)


def test_the_box_offers_the_librarys_words(qtbot, window) -> None:
    _type(qtbot, window, "memor")
    qtbot.waitUntil(lambda: "memorization" in window.search.offers(), timeout=5000)
    popup = window.search.offer_list
    row = window.search.offers().index("memorization")
    for _ in range(row + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.search.text() == "memorization "


def test_did_you_mean_is_taken_with_one_key(qtbot, window) -> None:
    _type(qtbot, window, "retreival")
    bar = window.suggestion
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert window.model.rowCount() == 0
    assert bar.button.text() == "retrieval"
    press(qtbot, window.search, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search.text() == "retrieval", timeout=2000)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2000)


def test_did_you_mean_is_taken_with_a_click(qtbot, window) -> None:
    _type(qtbot, window, "langauge models ")
    bar = window.suggestion
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.search.text() == "language models ", timeout=2000)


def test_the_detail_pane_marks_the_forms_of_a_searched_word(qtbot, window) -> None:
    _type(qtbot, window, "specializing")
    everything = window.model.rowCount()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() < everything, timeout=5000)
    row = next(i for i, t in enumerate(titles(window)) if "Specialization" in t)
    window.list.select_row(row)
    qtbot.waitUntil(lambda: "Specialization" in window.detail.toHtml(), timeout=2000)
    html = window.detail.toHtml().replace(" ", "")
    marked = [part.split("</span>")[0] for part in html.split("background-color:#ececec")[1:]]
    assert marked, "no hit is drawn"
    assert all("peciali" in part for part in marked), marked  # each a form of the word


def test_rows_show_a_snippet_of_the_hit_while_the_search_has_words(qtbot, window) -> None:
    from papershelf.ui.listmodel import SnippetRole

    one_line = window.list.verticalHeader().defaultSectionSize()
    _type(qtbot, window, "memory ")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 65, timeout=5000)
    line, spans = window.model.index(0, 0).data(SnippetRole)
    assert [line[a:b].lower() for a, b in spans][:1] == ["memory"]
    assert window.list.verticalHeader().defaultSectionSize() > one_line  # two lines a row
    window.search.clear_now()
    qtbot.waitUntil(lambda: window.model.rowCount() == 65, timeout=5000)
    assert window.model.index(0, 0).data(SnippetRole) is None
    assert window.list.verticalHeader().defaultSectionSize() == one_line


def test_an_index_of_the_old_analyzer_is_rebuilt_in_the_background(
    qtbot, sample_library, settings
) -> None:
    import json

    from conftest import open_window
    from papershelf.core.index import META_FILE

    meta_path = sample_library / "index" / META_FILE
    meta = json.loads(meta_path.read_text())
    meta["format"] = 9  # as the Porter-stemmed index of the release before
    meta_path.write_text(json.dumps(meta))
    for window in open_window(qtbot, sample_library, settings):  # waits for indexReady
        assert json.loads(meta_path.read_text())["format"] != 9  # rebuilt as the new format
        window.sidebar.select_view(window.sidebar.current_view().__class__())
        _type(qtbot, window, "memoriz*")
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda w=window: 0 < w.model.rowCount() < 65, timeout=5000)
        assert any("Memorization" in t for t in titles(window))


def test_the_count_says_what_the_view_hides(qtbot, window) -> None:
    from papershelf.core import operations as ops
    from papershelf.core.listing import View

    read = window.library.conn.execute(
        "SELECT id FROM papers WHERE abstract LIKE '%memory%' LIMIT 1"
    ).fetchone()[0]
    ops.set_status(window.library, [read], "read")
    window.sidebar.select_view(View("status", "unread"))
    _type(qtbot, window, "memory ")
    qtbot.waitUntil(lambda: "1 more outside this view" in window.count_label.text(), timeout=5000)
    assert read not in window.model.ids

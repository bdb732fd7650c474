"""What survives a restart (settings in a temporary file), sorting in SQL, the detail pane."""

from __future__ import annotations

from helpers import titles
from PySide6.QtCore import QUrl

from conftest import open_window
from papershelf.core.listing import View
from papershelf.ui.listmodel import COLUMNS


def test_sort_columns_and_splitter_survive_a_restart(qtbot, sample_library, settings):
    for window in open_window(qtbot, sample_library, settings):
        window.sidebar.select_view(View())
        qtbot.waitUntil(lambda w=window: w.model.rowCount() == 65)
        header = window.list.horizontalHeader()
        with qtbot.waitSignal(window.listShown):
            header.sectionClicked.emit(COLUMNS.index("title"))
            header.setSortIndicator(COLUMNS.index("title"), header.sortIndicatorOrder())
        qtbot.waitUntil(lambda w=window: w.sort[0] == "title")
        qtbot.waitUntil(
            lambda w=window: (
                titles(w) == sorted(titles(w), key=str.casefold)
                or titles(w) == sorted(titles(w), key=str.casefold, reverse=True)
            )
        )
        window.list.setColumnWidth(COLUMNS.index("status"), 177)
        window.splitter.setSizes([150, 700, 430])
        sizes = window.splitter.sizes()
        sort = window.sort
    for window in open_window(qtbot, sample_library, settings):
        assert window.sort == sort
        assert window.list.columnWidth(COLUMNS.index("status")) == 177
        assert window.splitter.sizes() == sizes
        assert window.sidebar.current_view() == View()


def test_sorting_by_title_happens_in_sql(qtbot, window):
    window.model.sort(COLUMNS.index("title"), window.list.horizontalHeader().sortIndicatorOrder())
    qtbot.waitUntil(lambda: window.sort[0] == "title")
    from PySide6.QtCore import Qt

    window.model.sort(COLUMNS.index("title"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: titles(window) == sorted(titles(window), key=str.casefold))


def test_the_detail_pane_loads_nothing_and_opens_links_only_on_click(window):
    assert not window.detail.openLinks()
    assert window.detail.loadResource(2, QUrl("file:///etc/passwd")) is None
    assert window.detail.loadResource(2, QUrl("https://example.org/x.png")) is None


def test_sidebar_views_filter_the_list(qtbot, window):
    window.list.select_row(0)
    window.set_status("read")
    window.sidebar.select_view(View("status", "read"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.sidebar.select_view(View("status", "unread"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 64)

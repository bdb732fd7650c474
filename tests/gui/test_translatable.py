"""Every text the window writes goes through Qt's translation, and nothing from the papers does.

A translator that answers every source with "‹source›" is installed before the window opens:
each text the window translates then starts with "‹", and a text that starts without one was
never translated (or came from a paper, a file or the user, which must stay as it is).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import focused, press
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget

from conftest import SAMPLE, SAMPLE_COUNT, open_window
from papershelf.core.listing import View
from papershelf.ui.listmodel import COLUMNS, IdRole
from papershelf.ui.window import MainWindow

pytestmark = pytest.mark.timeout(60)
MARK = "‹"
CTRL = Qt.KeyboardModifier.ControlModifier
FIXED_ENTRIES = ["Unread", "Reading", "Read", "All papers", "Recently added", "Read next", "Trash"]


class Marking(QTranslator):
    """Translates every source, of every context, to "‹source›"."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102
        return f"{MARK}{source}›"

    def isEmpty(self) -> bool:  # noqa: N802, D102
        return False


@pytest.fixture
def marked(qtbot, sample_library: Path, settings: QSettings) -> Iterator[MainWindow]:
    """The window on the sample, opened with the marking translator installed (removed after)."""
    translator = Marking()
    assert QCoreApplication.installTranslator(translator)
    assert QCoreApplication.translate("Test", "word") == "‹word›"
    try:
        for window in open_window(qtbot, sample_library, settings):
            window.sidebar.select_view(View())  # All papers
            qtbot.waitUntil(lambda w=window: w.model.rowCount() == SAMPLE_COUNT)
            window.list.setFocus()
            focused(qtbot, window.list)
            yield window
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("Test", "word") == "word"


@pytest.fixture(autouse=True)
def _close_dialogs(qtbot) -> Iterator[None]:
    """A test that fails with a dialog open closes it, so the next test starts without it."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def unmarked(texts: list[str]) -> list[str]:
    """The texts that did not go through the translator (empty ones are not texts)."""
    return [t for t in texts if t and not t.startswith(MARK)]


def test_menus_and_every_action_are_translated(marked):
    menus = [a.text() for a in marked.menuBar().actions()]
    assert len(menus) == 5 and not unmarked(menus)
    texts = [q.text() for pair in marked.qactions.values() for q in pair]
    tips = [q.statusTip() for pair in marked.qactions.values() for q in pair]
    assert len(texts) == 2 * len(marked.qactions)
    assert not unmarked(texts), unmarked(texts)
    assert not unmarked(tips), unmarked(tips)
    assert marked.qactions["Mark read"][0].data() == "Mark read"  # the name stays the key


def test_the_list_translates_its_headers_and_statuses_not_the_titles(marked):
    model = marked.model
    headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(len(COLUMNS))]
    assert not unmarked(headers), headers
    status = COLUMNS.index("status")
    title = COLUMNS.index("title")
    for row in range(model.rowCount()):
        assert model.index(row, status).data().startswith(MARK)
        shown = model.index(row, title).data()
        assert shown and not shown.startswith(MARK)
        paper = marked.library.paper(model.index(row, 0).data(IdRole))
        assert MARK not in paper["title"]


def test_the_sidebar_translates_its_fixed_entries_not_the_imports(marked):
    sidebar = marked.sidebar
    sections = [sidebar.topLevelItem(n) for n in range(sidebar.topLevelItemCount())]
    assert not unmarked([s.text(0) for s in sections])
    library = sections[0]
    entries = [library.child(n).text(0) for n in range(library.childCount())]
    assert entries == [f"‹{name}›" for name in FIXED_ENTRIES]
    imports = next(s for s in sections if s.text(0) == "‹Imports›".upper())
    batch = imports.child(0).text(0)
    assert batch == "sample-trending-papers"  # the file's name, as it is


def test_the_search_box_count_and_status_bar_are_translated(qtbot, marked):
    assert marked.search.placeholderText().startswith(MARK)
    assert marked.search.accessibleName().startswith(MARK)
    assert marked.count_label.text() == f"‹{SAMPLE_COUNT} papers›"
    assert marked.list.accessibleName().startswith(MARK)
    press(qtbot, marked.list, "c")  # copy the citation: said in the status bar
    qtbot.waitUntil(lambda: marked.statusBar().currentMessage().startswith(MARK))
    press(qtbot, marked.list, "r")  # a change: Undo says what it would undo
    qtbot.waitUntil(lambda: marked.qactions["Undo"][0].isEnabled())
    assert marked.qactions["Undo"][0].text().startswith("‹Undo›")


def test_the_detail_pane_translates_its_words_not_the_paper(marked):
    paper = marked.detail.paper
    assert paper is not None
    text = marked.detail.toPlainText()
    assert paper["title"] in text
    assert "‹Unread›" in text or "‹Read›" in text or "‹Reading›" in text
    assert marked.detail.related.heading.text().startswith(MARK)


def _texts(dialog: QWidget) -> list[str]:
    """The dialog's title and the texts of its visible buttons."""
    buttons = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    return [dialog.windowTitle(), *buttons]


def _labels(dialog: QWidget) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]


def _dialog(qtbot) -> QDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_export_dialog_is_translated(qtbot, marked):
    press(qtbot, marked.list, Qt.Key.Key_E, CTRL)
    dialog = _dialog(qtbot)
    texts = _texts(dialog)
    assert len(texts) >= 5 and not unmarked(texts), texts  # radio buttons, Choose…, OK, Cancel
    assert not unmarked(_labels(dialog)), _labels(dialog)
    dialog.reject()


def test_the_edit_dialog_translates_its_labels_not_the_fields(qtbot, marked):
    press(qtbot, marked.list, "e")
    dialog = _dialog(qtbot)
    assert not unmarked(_texts(dialog)), _texts(dialog)
    labels = [t for t in _labels(dialog) if t]
    assert len(labels) >= 7 and not unmarked(labels), labels
    title = dialog.field("title").text()
    assert title == marked.detail.paper["title"] and not title.startswith(MARK)
    dialog.reject()


def test_the_palette_and_the_sheet_are_translated(qtbot, marked):
    press(qtbot, marked.list, Qt.Key.Key_K, CTRL)
    palette = _dialog(qtbot)
    names = [palette.list.item(n).text() for n in range(palette.list.count())]
    assert len(names) == len(marked.qactions) and not unmarked(names)
    assert palette.edit.placeholderText().startswith(MARK)
    palette.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    focused(qtbot, marked.list)
    press(qtbot, marked.list, "?")
    sheet = _dialog(qtbot)
    table = sheet.table
    headers = [table.horizontalHeaderItem(n).text() for n in range(table.columnCount())]
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in (1, 2)]
    assert not unmarked(headers) and not unmarked(cells) and not unmarked(_texts(sheet))
    sheet.reject()


def test_the_import_preview_is_translated_not_the_source(qtbot, marked):
    QGuiApplication.clipboard().setText(SAMPLE.read_text(encoding="utf-8"))
    press(qtbot, marked.list, Qt.Key.Key_V, CTRL)
    preview = _dialog(qtbot)
    qtbot.waitUntil(lambda: preview.import_button.isEnabled(), timeout=10000)
    assert not unmarked(_texts(preview)), _texts(preview)
    assert preview.summary.text().startswith(MARK)
    assert preview.tag.placeholderText().startswith(MARK)
    group = preview.details.topLevelItem(0)
    assert group.text(0).startswith(MARK)
    assert not group.child(0).text(2).startswith(MARK)  # a paper's title, as the file has it
    preview.reject()


def test_preferences_and_about_are_translated(qtbot, marked):
    press(qtbot, marked.list, Qt.Key.Key_Comma, CTRL)
    preferences = _dialog(qtbot)
    tabs = [preferences.tabs.tabText(n) for n in range(preferences.tabs.count())]
    assert not unmarked(tabs) and not unmarked(_texts(preferences))
    preferences.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    marked.qactions["About Papershelf"][0].trigger()
    about = _dialog(qtbot)
    assert not unmarked(_texts(about)), _texts(about)
    about.reject()

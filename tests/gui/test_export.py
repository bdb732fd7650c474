"""Exporting from the window: Ctrl+E's dialog (the view or the selection, a format, a place)
and ``c``, which copies the paper's citation as BibTeX."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
import rispy
from helpers import focused, press, titles
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from conftest import SAMPLE_COUNT
from papershelf.ui.exportdialog import ExportDialog

pytestmark = pytest.mark.timeout(60)


def _open_dialog(qtbot, window) -> ExportDialog:
    press(qtbot, window.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog))
    return QApplication.activeModalWidget()


def _choose(qtbot, dialog: ExportDialog, fmt: str, destination: Path) -> None:
    dialog.format.setFocus()
    focused(qtbot, dialog.format)
    while dialog.format.currentData() != fmt:  # the arrow keys, as a user picks it
        before = dialog.format.currentIndex()
        press(qtbot, dialog.format, Qt.Key.Key_Down)
        if dialog.format.currentIndex() == before:
            press(qtbot, dialog.format, Qt.Key.Key_Home)
    dialog.destination.setFocus()
    focused(qtbot, dialog.destination)
    dialog.destination.selectAll()
    qtbot.keyClicks(dialog.destination, str(destination))


def _search(qtbot, window, text: str) -> None:
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    qtbot.keyClicks(window.search, text)
    press(qtbot, window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < SAMPLE_COUNT, timeout=5000)


def test_ctrl_e_exports_the_search_shown_as_ris(qtbot, window, tmp_path: Path) -> None:
    _search(qtbot, window, "retrieval")
    shown = titles(window)
    dialog = _open_dialog(qtbot, window)
    assert dialog.shown_choice.isChecked()  # one paper selected: the view is the default
    assert f"The {len(shown)} papers in the search “retrieval”" == dialog.shown_choice.text()
    target = tmp_path / "retrieval.ris"
    _choose(qtbot, dialog, "ris", target)
    press(qtbot, dialog.destination, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: target.exists(), timeout=10000)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=5000)
    assert f"Exported {len(shown)} papers to {target}." == window.statusBar().currentMessage()
    with target.open(encoding="utf-8") as handle:
        entries = rispy.load(handle)
    assert sorted(e["title"] for e in entries) == sorted(shown)


def test_the_selection_exports_as_markdown_notes_and_again_updates_them(
    qtbot, window, tmp_path: Path
) -> None:
    press(qtbot, window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(window.list.selected_ids()) == 3
    vault = tmp_path / "vault"
    dialog = _open_dialog(qtbot, window)
    assert dialog.selected_choice.isChecked() and dialog.selected_choice.text() == (
        "The 3 selected papers"
    )
    _choose(qtbot, dialog, "markdown", vault)
    press(qtbot, dialog.destination, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10000)
    notes = sorted(vault.glob("*.md"))
    assert len(notes) == 3
    assert all(n.read_text(encoding="utf-8").startswith("---\n") for n in notes)
    assert "(3 notes written, 0 unchanged)" in window.statusBar().currentMessage()

    dialog = _open_dialog(qtbot, window)
    assert dialog.selected_choice.isChecked()  # a refresh of the list kept the selection
    assert dialog.format.currentData() == "markdown"  # the last format is remembered
    assert Path(dialog.destination.text()).parent == vault.parent
    _choose(qtbot, dialog, "markdown", vault)
    press(qtbot, dialog.destination, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10000)
    assert "(0 notes written, 3 unchanged)" in window.statusBar().currentMessage()
    assert sorted(vault.glob("*.md")) == notes


def test_a_destination_that_cannot_be_written_is_said_in_the_dialog(
    qtbot, window, tmp_path: Path
) -> None:
    dialog = _open_dialog(qtbot, window)
    _choose(qtbot, dialog, "bibtex", tmp_path / "no such folder" / "papers.bib")
    press(qtbot, dialog.destination, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == (
        f"The folder {tmp_path / 'no such folder'} does not exist; "
        "create it or choose another with -o."
    )
    press(qtbot, dialog.destination, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not list(tmp_path.rglob("*.bib"))


def test_c_copies_the_citation_as_bibtex(qtbot, window) -> None:
    QGuiApplication.clipboard().clear()
    title = window.detail.paper["title"]
    press(qtbot, window.list, "c")
    text = QGuiApplication.clipboard().text()
    library = bibtexparser.parse_string(text)
    assert len(library.entries) == 1
    assert library.entries[0]["title"].strip("{}") == title
    assert window.statusBar().currentMessage() == "Copied the BibTeX of 1 paper."


def test_a_refresh_of_the_list_keeps_the_papers_selected(qtbot, window) -> None:
    press(qtbot, window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = window.list.selected_ids()
    assert len(chosen) == 3
    with qtbot.waitSignal(window.listShown, timeout=5000):
        window.request_list()  # as a change from another process makes it
    assert window.list.selected_ids() == chosen

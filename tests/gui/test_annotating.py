"""Annotating from the keyboard: notes, highlights, field edits, the trash and undo, as a user
would do them in the window, and what is still there after a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from helpers import count, focused, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import SAMPLE, SAMPLE_COUNT, open_window
from papershelf.core import operations as ops
from papershelf.core.annotations import highlights_of
from papershelf.core.importers import by_name
from papershelf.core.importing import import_source, open_source
from papershelf.core.library import Library
from papershelf.core.listing import View
from papershelf.ui.detail import HIGHLIGHT_COLOURS
from papershelf.ui.editdialog import EditPaperDialog
from papershelf.ui.listmodel import cell_text

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"


def _select(qtbot, window, title: str) -> int:
    """Make the paper with this title current (as a click would); its id."""
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


def _show_all_and_select(qtbot, window, title: str, papers: int = SAMPLE_COUNT) -> int:
    window.sidebar.select_view(View())
    qtbot.waitUntil(lambda: window.model.rowCount() == papers)
    return _select(qtbot, window, title)


def test_n_opens_the_note_typing_saves_it_and_it_is_there_after_a_restart(
    qtbot, sample_library: Path, settings
):
    for window in open_window(qtbot, sample_library, settings):
        paper_id = _show_all_and_select(qtbot, window, RETRIEVAL_HEAD)
        press(qtbot, window.list, "n")
        focused(qtbot, window.notes.editor)
        for n, line in enumerate(["# Heads", "", "A *sparse* set; see [code](https://x.org)"]):
            if n:
                press(qtbot, window.notes.editor, Qt.Key.Key_Return)
            qtbot.keyClicks(window.notes.editor, line)
        qtbot.waitUntil(
            lambda w=window: (
                "<em>sparse</em>" in w.notes.preview.toHtml()
                or "sparse" in w.notes.preview.toPlainText()
            )
        )
        assert window.notes.preview.toPlainText().startswith("Heads")
    # Closed with the note never explicitly saved: closing saved it.
    for window in open_window(qtbot, sample_library, settings):
        assert window.library.paper(paper_id)["note"].startswith("# Heads\n\nA *sparse* set")
        _show_all_and_select(qtbot, window, RETRIEVAL_HEAD)
        shown = window.detail.toPlainText()
        assert "Heads" in shown and "*sparse*" not in shown  # rendered, not raw Markdown
        assert "Annotations" in shown


TYPIST = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from papershelf.core.session import Shelf
    from papershelf.ui.window import MainWindow

    folder, log_path, settings_path = sys.argv[1:4]
    app = QApplication([])
    window = MainWindow(Shelf(folder), QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    log = open(log_path, "a", buffering=1)
    text = "the quick brown fox jumps over the lazy dog " * 20
    at = [0]

    def start():
        window.list.select_row(0)
        window.edit_note()
        QTimer.singleShot(0, tick)

    def tick():
        QTest.keyClick(window.notes.editor, text[at[0]])
        log.write(f"{time.time():.3f} {at[0]}\\n")
        at[0] += 1
        QTimer.singleShot(40, tick)

    QTimer.singleShot(1500, start)
    app.exec()
    """
)


def test_killing_the_window_mid_typing_loses_at_most_the_last_second(
    sample_library: Path, tmp_path: Path
):
    log = tmp_path / "typed.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(sample_library), str(log), str(tmp_path / "s.ini")],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lines = log.read_text().splitlines() if log.exists() else []
            if len(lines) >= 80:  # about three seconds of steady typing
                break
            assert child.poll() is None, "the window died on its own"
            time.sleep(0.05)
        else:
            raise AssertionError("the window never started typing")
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    typed = [line.split() for line in log.read_text().splitlines()]
    before = [int(n) for stamp, n in typed if float(stamp) <= killed_at - 1.0]
    assert before, "nothing was typed a second before the kill"
    with Library(sample_library) as library:
        notes = [n for (n,) in library.conn.execute("SELECT note FROM papers WHERE note <> ''")]
    assert len(notes) == 1
    text = "the quick brown fox jumps over the lazy dog " * 20
    assert notes[0] == text[: len(notes[0])]  # what was saved is what was typed
    assert len(notes[0]) >= before[-1] + 1  # everything up to a second before the kill


def test_a_keyboard_selection_h_and_2_make_a_green_highlight_kept_over_a_restart(
    qtbot, sample_library: Path, settings
):
    for window in open_window(qtbot, sample_library, settings):
        paper_id = _show_all_and_select(qtbot, window, RETRIEVAL_HEAD)
        press(qtbot, window.list, Qt.Key.Key_Return)  # into the detail pane
        focused(qtbot, window.detail)
        press(qtbot, window.detail, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        for _ in range(2):  # "Retrieval Head", a word at a time
            press(
                qtbot,
                window.detail,
                Qt.Key.Key_Right,
                CTRL_SHIFT,
            )
        press(qtbot, window.detail, "h")
        focused(qtbot, window.comment_entry.edit)
        qtbot.keyClicks(window.comment_entry.edit, "the claim")
        press(qtbot, window.comment_entry.edit, Qt.Key.Key_Return)
        (mark,) = highlights_of(window.library, paper_id)
        assert mark.quote == "Retrieval Head" and mark.comment == "the claim"
        press(qtbot, window.detail, "2")
        qtbot.waitUntil(lambda w=window, p=paper_id: highlights_of(w.library, p)[0].colour == 2)
        assert "Undo set the colour (green)" in window.qactions["Undo"][0].text()
    for window in open_window(qtbot, sample_library, settings):
        (mark,) = highlights_of(window.library, paper_id)
        assert (mark.field, mark.start, mark.stop, mark.colour) == ("title", 0, 14, 2)
        _show_all_and_select(qtbot, window, RETRIEVAL_HEAD)
        html = window.detail.toHtml().replace(" ", "")
        assert f"background-color:{HIGHLIGHT_COLOURS[1]}" in html
        assert "the claim" in window.detail.toPlainText()  # in the annotations list


def test_a_reimport_with_a_changed_abstract_moves_or_flags_highlights(
    qtbot, library_dir: Path, settings, tmp_path: Path
):
    title = "Sparse Mixtures Route Tokens Cheaply"
    summary = "We route tokens to experts with a learned sparse gate, cheaply."
    full = (
        "Mixtures of experts are costly to train. We route tokens to experts with a learned "
        "sparse gate. It trains faster than dense models of the same quality."
    )
    page = tmp_path / "page.txt"
    page.write_text(f"Trending Papers\n\n{title}\n\n{summary}\n", encoding="utf-8")
    with Library(library_dir) as library:
        import_source(library, open_source(page), by_name("hf-page"))
    for window in open_window(qtbot, library_dir, settings):
        paper_id = _show_all_and_select(qtbot, window, title, papers=1)
        for words in ("learned sparse gate", "cheaply"):
            start = window.detail.toPlainText().index(summary) + summary.index(words)
            cursor = window.detail.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(start + len(words), cursor.MoveMode.KeepAnchor)
            window.detail.setTextCursor(cursor)
            window.detail.setFocus()
            press(qtbot, window.detail, "h")
            press(qtbot, window.comment_entry.edit, Qt.Key.Key_Escape)
        assert len(highlights_of(window.library, paper_id)) == 2
        page.write_text(f"Trending Papers\n\n{title}\n\n{full}\n", encoding="utf-8")
        with qtbot.waitSignal(window.imports.imported, timeout=20000):
            window.imports.start_path(page)
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
            preview = QApplication.activeModalWidget()
            qtbot.waitUntil(lambda p=preview: p.import_button.isEnabled())
            preview.accept()
        qtbot.waitUntil(lambda w=window: full in w.detail.toPlainText())
        moved, lost = highlights_of(window.library, paper_id)
        assert full[moved.start : moved.stop] == "learned sparse gate" and not moved.lost
        assert lost.quote == "cheaply" and lost.lost
        assert "its words are gone from the text" in window.detail.toPlainText()


def test_delete_moves_to_the_trash_and_ctrl_z_brings_it_back(qtbot, window):
    paper_id = _select(qtbot, window, RETRIEVAL_HEAD)
    press(qtbot, window.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == SAMPLE_COUNT - 1)
    assert count(window, "trash") == 1 and count(window, "all") == SAMPLE_COUNT - 1
    assert window.detail.paper is not None and window.detail.paper["id"] != paper_id
    assert "Undo move 1 paper to the trash" in window.qactions["Undo"][0].text()
    press(qtbot, window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == SAMPLE_COUNT)
    assert count(window, "trash") == 0
    assert window.library.trash_count() == 0
    press(qtbot, window.list, Qt.Key.Key_Z, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.library.trash_count() == 1)


def test_trash_view_restores_and_empty_trash_asks(qtbot, window, monkeypatch):
    from papershelf.ui import plain

    paper_id = _select(qtbot, window, RETRIEVAL_HEAD)
    press(qtbot, window.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.library.trash_count() == 1)
    window.sidebar.select_view(View("trash"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.count_label.text() == "1 paper in the trash"
    press(qtbot, window.list, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert window.library.trash_count() == 0 and window.library.count() == SAMPLE_COUNT
    window.sidebar.select_view(View())
    qtbot.waitUntil(lambda: window.model.rowCount() == SAMPLE_COUNT)
    _select(qtbot, window, RETRIEVAL_HEAD)
    press(qtbot, window.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.library.trash_count() == 1)
    asked: list[str] = []
    monkeypatch.setattr(plain, "ask", lambda *a, **k: asked.append(a[2]) or False)
    window.qactions["Empty trash"][0].trigger()
    assert asked and "1 paper" in asked[0]
    assert window.library.trash_count() == 1  # "No" kept it
    monkeypatch.setattr(plain, "ask", lambda *a, **k: True)
    window.qactions["Empty trash"][0].trigger()
    qtbot.waitUntil(lambda: window.library.count_all() == SAMPLE_COUNT - 1)
    assert paper_id not in {p["id"] for p in window.library.papers([paper_id])}


def test_e_edits_the_title_and_a_reimport_keeps_it(qtbot, window):
    paper_id = _select(qtbot, window, RETRIEVAL_HEAD)
    press(qtbot, window.list, "e")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), EditPaperDialog))
    dialog = QApplication.activeModalWidget()
    title = dialog.field("title")
    focused(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "Retrieval Heads Explain Long-Context Factuality")
    year = dialog.field("year")
    press(qtbot, title, Qt.Key.Key_Tab)  # authors (a list: Tab moves on), then year
    press(qtbot, dialog.field("authors"), Qt.Key.Key_Tab)
    focused(qtbot, year)
    qtbot.keyClicks(year, "20x4")
    press(qtbot, year, Qt.Key.Key_Return)
    assert dialog.isVisible() and "is not a year" in dialog.error.text()  # said, not saved
    year.selectAll()
    qtbot.keyClicks(year, "2024")
    press(qtbot, year, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    paper = window.library.paper(paper_id)
    assert paper["title"] == "Retrieval Heads Explain Long-Context Factuality"
    assert paper["year"] == 2024
    qtbot.waitUntil(lambda: "Retrieval Heads Explain" in window.detail.toPlainText())
    import_source(window.library, open_source(SAMPLE), by_name("hf-page"))
    assert (
        window.library.paper(paper_id)["title"] == "Retrieval Heads Explain Long-Context Factuality"
    )
    assert window.library.count() == SAMPLE_COUNT  # the edited paper was matched, not doubled


def test_f2_renames_a_tag_and_merges_into_an_existing_one(qtbot, window, monkeypatch):
    from papershelf.ui import plain

    ids = [window.model.ids[0], window.model.ids[1]]
    window.ops.run(lambda library: ops.add_tag(library, ids[:1], "rag"))
    window.ops.run(lambda library: ops.add_tag(library, ids[1:], "retrieval"))
    window.sidebar.select_view(View("tag", "rag"))
    monkeypatch.setattr(plain, "ask_text", lambda *a, **k: ("retrieval", True))
    window.sidebar.setFocus()
    press(qtbot, window.sidebar, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: count(window, "tag", "retrieval") == 2)
    assert count(window, "tag", "rag") is None
    press(qtbot, window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: count(window, "tag", "rag") == 1)


def test_letters_without_an_action_do_not_jump_the_list(qtbot, window):
    window.list.select_row(5)
    before = window.list.current_id()
    for letter in "qwxyz":
        press(qtbot, window.list, letter)
    assert window.list.current_id() == before


def test_the_palette_starts_with_nothing_chosen(qtbot, window):
    press(qtbot, window.list, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.command_palette.isVisible())
    assert window.command_palette.list.currentItem() is None
    press(qtbot, window.command_palette.edit, Qt.Key.Key_Return)
    assert window.command_palette.isVisible() and window.isVisible()  # Enter ran nothing
    press(qtbot, window.command_palette.edit, Qt.Key.Key_Escape)


MALICIOUS = """# Notes

<script>document.title = 'owned'</script>
<img src="file:///etc/hosts"> <img src="https://tracker.example/p.gif">
![local](file:///etc/passwd) ![web](https://example.org/a.png)
[run](javascript:alert(1)) [file](file:///home/me/secret.txt)
<link rel="stylesheet" href="https://example.org/s.css">
<p style="background-image:url(https://example.org/bg.png)">styled</p>
"""


def test_a_malicious_note_loads_nothing(qtbot, window):
    paper_id = _select(qtbot, window, RETRIEVAL_HEAD)
    window.ops.run(lambda library: ops.set_note(library, paper_id, MALICIOUS))
    qtbot.waitUntil(lambda: "Notes" in window.detail.toPlainText())
    press(qtbot, window.list, "n")
    focused(qtbot, window.notes.editor)
    qtbot.waitUntil(lambda: "styled" in window.notes.preview.toPlainText())
    assert window.detail.resource_requests == 0
    assert window.notes.preview.resource_requests == 0
    for shown in (window.detail.toHtml(), window.notes.preview.toHtml()):
        assert "javascript:" not in shown and "file:" not in shown and "<img" not in shown
    assert window.windowTitle() != "owned"

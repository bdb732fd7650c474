"""Importing from the window: Ctrl+V with a preview accepted by key, cancel, the welcome pane."""

from __future__ import annotations

from pathlib import Path

from helpers import count, focused, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import SAMPLE, SAMPLE_COUNT, open_window
from papershelf.ui.importflow import ImportPreview
from papershelf.ui.jobs import Job

PLENTY = 1500  # the core looks for a cancel every few hundred records


def _preview(qtbot) -> ImportPreview:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreview))
    preview = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: preview.import_button.isEnabled())
    return preview


def test_ctrl_v_imports_the_clipboard_after_a_preview(qtbot, library_dir: Path, settings):
    for window in open_window(qtbot, library_dir, settings):
        assert window.stack.currentWidget() is window.welcome
        QApplication.clipboard().setText(SAMPLE.read_text(encoding="utf-8"))
        press(qtbot, window, "v", Qt.KeyboardModifier.ControlModifier)
        preview = _preview(qtbot)
        assert f"{SAMPLE_COUNT} new" in preview.summary.text()
        assert "Hugging Face papers page" in preview.summary.text()
        focused(qtbot, preview.tag)  # ready for a tag; Enter imports from there
        with qtbot.waitSignal(window.indexReady, timeout=20000):
            press(qtbot, preview.tag, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda w=window: w.model.rowCount() == SAMPLE_COUNT)
        assert window.stack.currentWidget() is window.splitter
        assert count(window, "status", "unread") == SAMPLE_COUNT


def test_a_second_paste_finds_the_duplicates(qtbot, window):
    QApplication.clipboard().setText(SAMPLE.read_text(encoding="utf-8"))
    press(qtbot, window.list, "v", Qt.KeyboardModifier.ControlModifier)
    preview = _preview(qtbot)
    assert "0 new" in preview.summary.text()
    assert f"{SAMPLE_COUNT} already in your library" in preview.summary.text()
    press(qtbot, preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert window.library.count() == SAMPLE_COUNT


def test_the_preview_tag_tags_the_batch(qtbot, library_dir: Path, settings):
    for window in open_window(qtbot, library_dir, settings):
        window.imports.start_path(SAMPLE)
        preview = _preview(qtbot)
        preview.tag.setFocus()
        qtbot.keyClicks(preview.tag, "monday")
        with qtbot.waitSignal(window.imports.imported, timeout=20000):
            press(qtbot, preview.tag, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda w=window: count(w, "tag", "monday") == SAMPLE_COUNT)


def synthetic_dump(n: int) -> str:
    """A trending-page copy of ``n`` made-up papers."""
    blocks = ["byAK and the research community"]
    for k in range(n):
        blocks.append(f"Synthetic Study Number {k} of Shelving Papers Quickly")
        blocks.append(
            f"We describe synthetic study {k}, which measures how quickly a reader can "
            "shelve papers, and report results on many made-up benchmarks in detail."
        )
    return "\n\n".join(blocks) + "\n"


def test_a_cancelled_import_leaves_the_library_unchanged(
    qtbot, library_dir: Path, settings, tmp_path: Path, monkeypatch
):
    dump = tmp_path / "many.txt"
    dump.write_text(synthetic_dump(PLENTY), encoding="utf-8")
    for window in open_window(qtbot, library_dir, settings):
        window.imports.start_path(dump)
        preview = _preview(qtbot)
        assert f"{PLENTY} new" in preview.summary.text()
        monkeypatch.setattr(Job, "cancelled", lambda self: True)  # Cancel pressed at once
        with qtbot.waitSignal(window.imports.busyChanged, timeout=20000):
            preview.accept()
        qtbot.waitUntil(lambda w=window: "cancelled" in w.statusBar().currentMessage())
        assert window.library.count() == 0
        assert window.stack.currentWidget() is window.welcome


def test_a_file_that_is_not_papers_says_so(qtbot, window, tmp_path: Path, monkeypatch):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    shown: list[str] = []
    monkeypatch.setattr("papershelf.ui.plain.warn", lambda *a: shown.append(a[2]))
    window.imports.start_path(junk)
    assert shown and "junk.txt" in shown[0]


def test_dropping_a_file_on_the_window_imports_it(qtbot, tmp_path: Path, window):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    dump = tmp_path / "dropped.txt"
    dump.write_text("A Dropped Paper About Otters\n\n" + "Otters swim in rivers. " * 15)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dump))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    preview = _preview(qtbot)
    assert "1 new" in preview.summary.text()
    with qtbot.waitSignal(window.imports.imported, timeout=20000):
        press(qtbot, preview.import_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library.count() == SAMPLE_COUNT + 1)


def test_a_large_file_can_be_imported_before_it_is_counted(
    qtbot, library_dir: Path, settings, tmp_path: Path, monkeypatch
):
    dump = tmp_path / "large.txt"
    dump.write_text(synthetic_dump(PLENTY), encoding="utf-8")
    monkeypatch.setattr("papershelf.ui.importflow.EARLY_IMPORT_BYTES", 0)
    for window in open_window(qtbot, library_dir, settings):
        window.imports.start_path(dump)
        preview = window.imports.preview  # as it opens, before the count can have ended
        assert preview.import_button.isEnabled()
        assert "you can import now" in preview.summary.text()
        qtbot.waitUntil(lambda p=preview: QApplication.activeModalWidget() is p)
        focused(qtbot, preview.tag)
        with qtbot.waitSignal(window.imports.imported, timeout=30000):
            press(qtbot, preview.tag, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda w=window: w.library.count() == PLENTY)


def test_an_early_import_of_a_file_with_a_bad_record_is_refused(
    qtbot, library_dir: Path, settings, tmp_path: Path, monkeypatch
):
    """Nobody saw the list of unreadable records: the import is all or nothing."""
    broken = tmp_path / "broken.ris"
    broken.write_text(
        "TY  - JOUR\nTI  - A Readable Paper\nER  -\n\nTY  - JOUR\nAB  - no title here\nER  -\n",
        encoding="utf-8",
    )
    shown: list[str] = []
    monkeypatch.setattr("papershelf.ui.importflow.EARLY_IMPORT_BYTES", 0)
    monkeypatch.setattr("papershelf.ui.plain.warn", lambda *a: shown.append(a[2]))
    for window in open_window(qtbot, library_dir, settings):
        window.imports.start_path(broken)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreview))
        preview = QApplication.activeModalWidget()
        # Import before the count: a count that already finished would list the bad record.
        preview.counted = False
        preview.accept()
        qtbot.waitUntil(lambda: bool(shown), timeout=20000)
        assert "line 5" in shown[0] and "broken.ris" in shown[0]
        assert window.library.count() == 0


CAPTURE = Path(__file__).parents[1] / "fixtures" / "page-captures" / "hf-search-firecrawl.md"


def test_the_preview_lists_the_papers_and_folds_the_page_text(qtbot, library_dir: Path, settings):
    for window in open_window(qtbot, library_dir, settings):
        window.imports.start_path(CAPTURE)
        preview = _preview(qtbot)
        assert "120 papers (Hugging Face papers page)" in preview.summary.text()
        assert "lines of page text skipped" in preview.summary.text()
        tree = preview.details
        papers = tree.topLevelItem(0)
        page = tree.topLevelItem(tree.topLevelItemCount() - 1)
        assert papers.text(0) == "120 papers found" and papers.isExpanded()
        assert papers.child(0).text(2).startswith("OCC-RAG: Optimal Cognitive Core")
        assert papers.child(0).text(1) == "new"
        assert page.text(0).endswith("lines of page text skipped") and not page.isExpanded()
        tree.setFocus()
        tree.setCurrentItem(page)
        press(qtbot, tree, Qt.Key.Key_Right)  # unfold the page text from the keyboard
        assert page.isExpanded()
        skipped = [page.child(n).text(2) for n in range(page.childCount())]
        assert "Subscribe" in skipped and "Get trending papers in your email inbox!" in skipped
        press(qtbot, preview, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda p=preview: not p.isVisible())
        assert window.library.count() == 0

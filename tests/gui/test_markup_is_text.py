"""Text is text everywhere (issue 13): a title, an abstract, an author, a tag or a file name
holding HTML or Qt rich text shows as written in every widget, never bold, never an image,
and an ``&`` never turns into a shortcut key and vanishes.

The library lives in a folder whose name is markup, inside a "Dropbox" folder (so the window
shows its notice quoting the path), and a paper with markup everywhere is imported through
the window's preview from a file whose name is markup. Each surface then says what a user sees
there, worked out the way Qt draws it: a label's or a tooltip's text as rich text when Qt reads
it as such, and without the ``&`` of a shortcut in a menu, a button or a label with a buddy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import focused, press, titles
from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QMessageBox,
    QToolTip,
    QTreeWidgetItemIterator,
    QWidget,
)

from papershelf.core import backup
from papershelf.core.errors import PapershelfError
from papershelf.core.listing import View
from papershelf.core.session import Shelf
from papershelf.ui import app, crash, preferences
from papershelf.ui.backupdialog import RestoreDialog
from papershelf.ui.importflow import ImportPreview
from papershelf.ui.preferences import PreferencesDialog
from papershelf.ui.sidebar import ViewRole
from papershelf.ui.window import MainWindow

pytestmark = pytest.mark.timeout(90)

TITLE = "<b>bold</b> &amp; <img src=x>"
AUTHOR = "<i>Doe</i>"
ABSTRACT = "<font color=red>red</font> &lt;b&gt; and more"
TAG = "<b>t</b> & u"  # typed in the preview: the import's tag, its batch's name
NEW_TAG = "R&D <i>x</i>"  # typed in the tag bar: the Undo menu names it
FILE_NAME = "<i>odd & co.ris"  # "/" cannot be in a file name
FOLDER = "<i>shelf & co"
RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"


# -- what a user sees -----------------------------------------------------------------------


def as_drawn(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """``text`` as Qt draws it in that format: rich text's words, or the text itself."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def without_mnemonics(text: str) -> str:
    """A menu's, a button's or a buddied label's text as drawn: ``&&`` is one ``&``, an
    ``&`` before anything else marks a key and is not drawn."""
    return re.sub("&(.)", r"\1", text)


def label_seen(label: QLabel) -> str:
    """What a label shows."""
    drawn = as_drawn(label.text(), label.textFormat())
    return without_mnemonics(drawn) if label.buddy() is not None else drawn


def tooltip_seen(text: str, over: QWidget) -> str:
    """What the tooltip shows, shown for real over ``over`` and read off Qt's tip label."""
    QToolTip.showText(over.mapToGlobal(QPoint(4, 4)), text, over)
    tips = [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label"]
    assert tips and isinstance(tips[0], QLabel)
    seen = label_seen(tips[0])
    QToolTip.hideText()
    return seen


# -- the window, the paper, the dialogs asked ---------------------------------------------


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """The library in a folder named with markup, in a synced folder (a notice says so)."""
    return tmp_path / "Dropbox" / FOLDER


@dataclass(frozen=True)
class Asked:
    """A message box or an input dialog as it was shown: what it said, whether as plain
    text, and (an input dialog) the text it offered."""

    seen: str
    plain: bool
    value: str = ""


@pytest.fixture
def asked(qtbot) -> Iterator[list[Asked]]:
    """The message boxes and input dialogs shown (for real, modal), each read and closed
    at once with No or Cancel."""
    shown: list[Asked] = []

    def close_one() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox) and modal.isVisible():
            label = modal.findChild(QLabel, "qt_msgbox_label")
            plain = modal.textFormat() == Qt.TextFormat.PlainText
            shown.append(Asked(label_seen(label), plain))
            modal.reject()
        elif isinstance(modal, QInputDialog) and modal.isVisible():
            (label,) = modal.findChildren(QLabel)  # its buddy is the input
            plain = label.textFormat() == Qt.TextFormat.PlainText
            shown.append(Asked(label_seen(label), plain, modal.textValue()))
            modal.reject()

    timer = QTimer(interval=20)
    timer.timeout.connect(close_one)
    timer.start()
    yield shown
    timer.stop()


def _preview(qtbot) -> ImportPreview:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreview))
    preview = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: preview.import_button.isEnabled())
    return preview


@pytest.fixture
def marked(qtbot, window: MainWindow, tmp_path: Path) -> tuple[MainWindow, Path]:
    """The window with the marked-up paper imported through the preview, tagged ``TAG``;
    the paper's abstract is the retrieval-head paper's, so the two are related."""
    head = titles(window).index(RETRIEVAL_HEAD)
    like = window.library.paper(window.model.ids[head])["abstract"]
    source = tmp_path / FILE_NAME
    source.write_text(
        f"TY  - JOUR\nTI  - {TITLE}\nAU  - {AUTHOR}, Jane\nPY  - 2024\n"
        f"AB  - {ABSTRACT} {like}\nER  -\n",
        encoding="utf-8",
    )
    window.imports.start_path(source)
    preview = _preview(qtbot)
    preview.tag.setFocus()
    focused(qtbot, preview.tag)
    qtbot.keyClicks(preview.tag, TAG)
    with qtbot.waitSignal(window.indexReady, timeout=20000):
        press(qtbot, preview.tag, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: TITLE in titles(window))
    window.activateWindow()  # back from the preview, as the window manager would
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.list.setFocus()
    focused(qtbot, window.list)
    return window, source


def _select(qtbot, window, title: str) -> None:
    window.list.select_row(titles(window).index(title))
    qtbot.waitUntil(lambda: (window.detail.paper or {}).get("title") == title)
    window.list.setFocus()
    focused(qtbot, window.list)


# -- the surfaces: each does what a user does and returns what the user sees there ----------


def list_title_tooltip(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    row = titles(window).index(TITLE)
    tip = window.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    return tooltip_seen(tip, window.list.viewport())


def list_authors_tooltip(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    row = titles(window).index(TITLE)
    tip = window.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    return tooltip_seen(tip, window.list.viewport())


def detail_pane(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    _select(qtbot, window, TITLE)
    return window.detail.toPlainText()


def import_preview(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    window.imports.start_path(source)  # again: all already there, the preview shows the file
    preview = _preview(qtbot)
    seen = "\n".join(label_seen(label) for label in preview.findChildren(QLabel))
    press(qtbot, preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())
    return seen


def _batch_item(window):
    newest = window.library.batches()[0]["id"]
    found = QTreeWidgetItemIterator(window.sidebar)
    while found.value() is not None:
        item = found.value()
        if item.data(0, ViewRole) == View("batch", newest):
            return item
        found += 1
    raise AssertionError("the import is not in the sidebar")


def sidebar_import_tooltip(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    return tooltip_seen(_batch_item(window).toolTip(0), window.sidebar.viewport())


def related_tooltip(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    _select(qtbot, window, RETRIEVAL_HEAD)
    related = window.detail.related
    qtbot.waitUntil(lambda: any(TITLE in text for _, text in related.items()), timeout=10000)
    row = next(n for n, (_, text) in enumerate(related.items()) if TITLE in text)
    return tooltip_seen(related.list.item(row).toolTip(), related.list.viewport())


def library_notice(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    return label_seen(window.notice)


def library_notice_tooltip(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    return tooltip_seen(window.notice.toolTip(), window.notice)


def rename_tag_prompt(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    window.sidebar.select_view(View("tag", TAG))
    window.sidebar.setFocus()
    focused(qtbot, window.sidebar)
    press(qtbot, window.sidebar, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(asked))
    (dialog,) = asked
    assert dialog.value == TAG
    return dialog.seen


def undo_menu(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    _select(qtbot, window, TITLE)
    press(qtbot, window.list, "t")
    focused(qtbot, window.tag_entry.edit)
    qtbot.keyClicks(window.tag_entry.edit, NEW_TAG)
    press(qtbot, window.tag_entry.edit, Qt.Key.Key_Return)
    undo = window.qactions["Undo"][0]
    qtbot.waitUntil(lambda: "R&" in undo.text())
    return without_mnemonics(undo.text())


def export_dialog(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    window.sidebar.select_view(View("tag", TAG))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.list.setFocus()
    focused(qtbot, window.list)
    press(qtbot, window.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "export_dialog", None) is not None)
    dialog = window.export_dialog
    seen = without_mnemonics(dialog.shown_choice.text())
    dialog.reject()
    return seen


def restore_dialog_tooltip(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    backup.snapshot(window.library, backup.MANUAL)
    window.qactions["Restore from backup"][0].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RestoreDialog))
    dialog = QApplication.activeModalWidget()
    seen = tooltip_seen(dialog.list.item(0).toolTip(), dialog.list.viewport())
    dialog.reject()
    return seen


def nothing_to_import(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    junk = tmp_path / "<i>junk & co.txt"
    junk.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    window.imports.start_path(junk)
    qtbot.waitUntil(lambda: bool(asked))
    (box,) = asked
    return box.seen


def import_refused(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    broken = tmp_path / "<b>broken & co.ris"
    broken.write_text(
        "TY  - JOUR\nTI  - A Readable Paper\nER  -\n\nTY  - JOUR\nAB  - <b>no</b> title\nER  -\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("papershelf.ui.importflow.EARLY_IMPORT_BYTES", 0)
    window.imports.start_path(broken)
    preview = _preview(qtbot)
    preview.counted = False  # imported before the count: the import refuses the bad record
    preview.accept()
    qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    (box,) = asked
    return box.seen


def locked_library(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    monkeypatch.setattr(app.crash, "install", lambda: None)
    monkeypatch.setattr(app.crash, "setup_logging", lambda: None)
    monkeypatch.setattr(app.style, "apply", lambda *_: None)
    folder = window.library.folder
    with Shelf(folder, window=True):  # another window's hold on the library
        assert app.run(library=str(folder)) == 1
    qtbot.waitUntil(lambda: bool(asked))
    (box,) = asked
    return box.seen


def library_not_moved(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    folder = window.library.folder
    with Shelf(folder, window=True):  # another window holds the library: it cannot move
        assert app._move(folder, tmp_path / "moved") == folder
    qtbot.waitUntil(lambda: bool(asked))
    (box,) = asked
    return box.seen


def _move_to(qtbot, window, monkeypatch, target: Path) -> None:
    monkeypatch.setattr(preferences.QFileDialog, "getExistingDirectory", lambda *_: str(target))
    press(qtbot, window.list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PreferencesDialog))
    dialog = QApplication.activeModalWidget()
    dialog.tabs.setCurrentWidget(dialog.library)
    qtbot.mouseClick(dialog.library.move_button, Qt.MouseButton.LeftButton)
    dialog.reject()


def move_refused(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    full = tmp_path / "<b>full & busy"
    full.mkdir()
    (full / "something.txt").write_text("taken", encoding="utf-8")
    _move_to(qtbot, window, monkeypatch, full)
    qtbot.waitUntil(lambda: bool(asked))
    (box,) = asked
    return box.seen


def move_asked(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    empty = tmp_path / "<i>new & empty"
    empty.mkdir()
    _move_to(qtbot, window, monkeypatch, empty)
    qtbot.waitUntil(lambda: bool(asked))
    (box,) = asked  # closed without a Yes: nothing moves
    assert window.move_to is None
    return box.seen


def crash_message(qtbot, window, source, asked, tmp_path, monkeypatch) -> str:
    error = PapershelfError(f"Cannot read “{TITLE}”.")
    crash.excepthook(PapershelfError, error, None)
    qtbot.waitUntil(lambda: bool(asked))
    (box,) = asked
    return box.seen


Surface = Callable[..., str]
SURFACES: list[tuple[Surface, str]] = [
    (list_title_tooltip, TITLE),
    (list_authors_tooltip, AUTHOR),
    (detail_pane, TITLE),
    (detail_pane, AUTHOR),
    (detail_pane, ABSTRACT),
    (detail_pane, TAG),
    (import_preview, FILE_NAME),
    (sidebar_import_tooltip, FILE_NAME),
    (related_tooltip, TITLE),
    (library_notice, FOLDER),
    (library_notice_tooltip, FOLDER),
    (rename_tag_prompt, TAG),
    (undo_menu, NEW_TAG),
    (export_dialog, TAG),
    (restore_dialog_tooltip, FOLDER),
    (nothing_to_import, "<i>junk & co.txt"),
    (import_refused, "<b>broken & co.ris"),
    (locked_library, FOLDER),
    (library_not_moved, FOLDER),
    (move_refused, "<b>full & busy"),
    (move_asked, "<i>new & empty"),
    (crash_message, TITLE),
]


@pytest.mark.parametrize(
    ("surface", "literal"),
    SURFACES,
    ids=[f"{surface.__name__}-{literal}" for surface, literal in SURFACES],
)
def test_markup_shows_as_written(
    qtbot, marked, asked, tmp_path: Path, monkeypatch, surface: Surface, literal: str
) -> None:
    window, source = marked
    seen = surface(qtbot, window, source, asked, tmp_path, monkeypatch)
    assert literal in seen, f"{surface.__name__} shows {seen!r}"


def test_the_message_boxes_are_plain_text(qtbot, marked, asked, tmp_path: Path) -> None:
    window, _source = marked
    junk = tmp_path / "<i>junk & co.txt"
    junk.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    window.imports.start_path(junk)
    crash.excepthook(PapershelfError, PapershelfError(TITLE), None)
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert [box.plain for box in asked] == [True, True]

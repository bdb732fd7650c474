"""The note editor: a paper's Markdown note beside its live preview, saved as you type.

The text is saved a moment after a change (never more than ``SAVE_AFTER_MS`` later, however
fast the typing goes on), when the editor loses the focus,
when another paper is chosen and when the window closes: killing the app loses at most the
last second. Each save is one ``set_note`` operation, and saves while typing one note join
one entry of the undo history. The preview is the same sanitised HTML the detail pane shows,
in a browser that loads nothing; for a very long note it is drawn less often, so that typing
never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from papershelf.core.notes import RENDERED_CHARS, render
from papershelf.ui.detail import open_link
from papershelf.ui.signals import emit

SAVE_AFTER_MS = 700  # a kill loses at most this much typing (and the time a save takes)
PREVIEW_AFTER_MS = 250
LONG_NOTE = 100_000  # characters from which the preview waits longer


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Notes", text)


class NoteEditor(QPlainTextEdit):
    """Plain text editing of Markdown; tells when it loses the focus and when Esc is hit."""

    focusLost = Signal()
    escaped = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Save when the focus goes elsewhere."""
        super().focusOutEvent(event)
        emit(self.focusLost)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Esc leaves the editor (the note is saved)."""
        if event.key() == Qt.Key.Key_Escape:
            emit(self.escaped)
            return
        super().keyPressEvent(event)


class NotePreview(QTextBrowser):
    """The rendered note; loads nothing, counts what was asked of it."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("notePreview")
        self.setAccessibleName(tr("Note preview"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(open_link)
        self.resource_requests = 0

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802
        """Never load anything."""
        self.resource_requests += 1
        return None


class NotePanel(QWidget):
    """The editor and its preview for one paper at a time."""

    def __init__(self, save: Callable[[int, str], None], parent: Any = None):
        super().__init__(parent)
        self.setObjectName("notePanel")
        self._save = save
        self.paper_id: int | None = None
        self._saved: str | None = ""
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("noteTitle")
        self.editor = NoteEditor()
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText(
            tr("Markdown: # headings, *emphasis*, - lists, `code`, [links](https://…), tables")
        )
        self.editor.setAccessibleName(tr("Note"))
        self.editor.setAccessibleDescription(
            tr("The paper's note in Markdown, saved as you type; Esc closes it")
        )
        self.preview = NotePreview()
        self._shown: object = None
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.title)
        box.addWidget(split, 1)
        self.save_timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self.save_timer.timeout.connect(self.save_now)
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_AFTER_MS)
        self.preview_timer.timeout.connect(self._render)
        self.editor.textChanged.connect(self._typed)
        self.editor.focusLost.connect(self.save_now)
        self.hide()

    def open(self, paper_id: int, title: str, note: str) -> None:
        """Show the note of a paper (saving the one open before) and put the cursor in it."""
        self.save_now()
        self.paper_id = paper_id
        self._saved = note
        self.title.setText(tr("Note — {title}").format(title=title))
        self.editor.blockSignals(True)
        self.editor.setPlainText(note)
        self.editor.blockSignals(False)
        self._render()
        self.show()
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def close_note(self) -> None:
        """Save and hide."""
        self.save_now()
        self.paper_id = None
        self.hide()

    def save_now(self) -> None:
        """Write the note if it changed since it was last saved."""
        self.save_timer.stop()
        if self.paper_id is None:
            return
        text = self.editor.toPlainText()
        if text != self._saved:
            self._save(self.paper_id, text)
            self._saved = text

    def mark_unsaved(self, paper_id: int) -> None:
        """A save of this paper's note failed: the next save writes it again."""
        if paper_id == self.paper_id:
            self._saved = None
            self.save_timer.start()

    def _typed(self) -> None:
        # Saved at most SAVE_AFTER_MS after the first unsaved keystroke, even while typing
        # goes on (a debounce that restarted on every key would never save a fast typist).
        if not self.save_timer.isActive():
            self.save_timer.start()
        long = self.editor.document().characterCount() > LONG_NOTE  # no copy of the text
        self.preview_timer.start(PREVIEW_AFTER_MS * (8 if long else 1))

    def _render(self) -> None:
        text = self.editor.toPlainText()
        # A long note's preview shows its start and its length: typing further on changes
        # only the count, which is not worth a render of a hundred thousand characters.
        key = (text[:RENDERED_CHARS], len(text) // 1000) if len(text) > RENDERED_CHARS else text
        if key == self._shown:
            return
        self._shown = key
        shown = render(text)
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(shown)
        self.preview.verticalScrollBar().setValue(scroll)

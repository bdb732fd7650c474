"""Small widgets of the main window: the search box, the inline tag and comment entries and the
welcome pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.completion import Completion, apply, complete
from papershelf.ui import plain
from papershelf.ui.i18n import counted
from papershelf.ui.signals import emit

DEBOUNCE_MS = 150


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Widgets", text)


class SearchBox(QLineEdit):
    """A search field that reports its text once typing pauses; Enter emits ``accepted``."""

    queryChanged = Signal(str)
    accepted = Signal()

    def __init__(self, parent: Any = None, tags: Callable[[], list[str]] = list):
        super().__init__(parent)
        self.setObjectName("search")
        self._tags = tags
        self._words: list[str] = []  # library words finishing the word last searched for
        self._offers = QStringListModel(self)
        self._completion: Completion | None = None
        # not named completer: that is QLineEdit's method (its own completer, which stays unset)
        self.offer_completer = QCompleter(self._offers, self)
        self.offer_completer.setWidget(self)
        self.offer_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        popup = self.offer_completer.popup()
        assert popup is not None  # a completer makes its list on asking, unless it is inline
        self.offer_list: QAbstractItemView = popup
        # Enter on a chosen offer takes it; QCompleter's own activated signal was not
        # seen to reach a slot for a completer set with setWidget (PySide6 6.12).
        self.offer_list.installEventFilter(self)
        self.offer_list.clicked.connect(lambda index: self.take_offer(str(index.data())))
        self.textEdited.connect(lambda _: self._offer())
        self.setPlaceholderText(tr('Search  —  words, "phrases", tag:name, is:unread, year:>=2024'))
        self.setAccessibleName(tr("Search"))
        self.setAccessibleDescription(
            tr("Words, phrases in quotes, tag:name, is:unread, year:>=2024; Enter goes to the list")
        )
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: emit(self.queryChanged, self.text()))
        self.textChanged.connect(lambda _: self._timer.start())

    def _offer(self) -> None:
        """Offer what could finish the word at the cursor (field names, tags, values)."""
        self._completion = complete(self.text(), self.cursorPosition(), self._tags(), self._words)
        if not self._completion.offers:
            self._hide_offers()
            return
        self._offers.setStringList(self._completion.offers)
        self.offer_completer.complete()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter or Tab in the list of offers takes the chosen one (none chosen: Enter goes
        on to the search box, which searches)."""
        popup = self.offer_list
        if (
            watched is popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
        ):
            index = popup.currentIndex()
            chosen = index.isValid() and popup.selectionModel().isSelected(index)
            self._hide_offers()
            if chosen:
                self.take_offer(str(index.data()))
            elif event.key() != Qt.Key.Key_Tab:
                self.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _hide_offers(self) -> None:
        popup = self.offer_list
        if popup.isVisible():
            popup.hide()
            self.window().activateWindow()  # the keyboard's window again, shortcuts and all

    def typing(self) -> bool:
        """Whether the cursor is at the end of a word being typed (it may be half a word)."""
        text = self.text()
        return bool(text) and not text[-1].isspace() and self.cursorPosition() == len(text)

    def library_words(self, words: list[str]) -> None:
        """The library's words that finish the word just searched for: offered at once if
        the person is still at the end of that word."""
        self._words = words
        if words and self.hasFocus() and self.typing() and not self.offer_list.isVisible():
            self._offer()

    def set_query(self, text: str) -> None:
        """Put ``text`` in the box and search for it at once."""
        self._hide_offers()
        self.setText(text)
        self._timer.stop()
        emit(self.queryChanged, text)

    def offers(self) -> list[str]:
        """What is offered now (empty when the list is not shown)."""
        if self._completion is None or not self.offer_list.isVisible():
            return []
        return list(self._completion.offers)

    def take_offer(self, offer: str) -> None:
        """Put ``offer`` in place of the word being typed."""
        if self._completion is None:
            return
        text, cursor = apply(self.text(), self._completion, offer, self.cursorPosition())
        self._completion = None
        self.setText(text)
        self.setCursorPosition(cursor)
        if offer.endswith(":"):  # a field name: now its values
            QTimer.singleShot(0, self._offer)

    def clear_now(self) -> None:
        """Empty the box and report it at once."""
        self._timer.stop()
        if self.text():
            self.blockSignals(True)
            self.clear()
            self.blockSignals(False)
            emit(self.queryChanged, "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter reports the text at once and hands over to the list."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._hide_offers()
            if self._timer.isActive():
                self._timer.stop()
                emit(self.queryChanged, self.text())
            emit(self.accepted)
            return
        super().keyPressEvent(event)


class SuggestionBar(QFrame):
    """Under the search box: "Did you mean retrieval?", the word a button (or ``Ctrl+.``)."""

    chosen = Signal(str)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        self.query = ""
        self.label = QLabel(tr("Did you mean"), self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.setObjectName("suggestion")
        self.button.setFlat(True)
        self.button.setAccessibleName(tr("Search for the suggested spelling"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the key is Ctrl+. from anywhere
        self.button.clicked.connect(lambda: emit(self.chosen, self.query))
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setStyleSheet(
            "QPushButton { border: none; padding: 0 1px; font-weight: 600;"
            " text-decoration: underline; color: palette(link); }"
        )
        self.mark = QLabel(tr("?"), self)
        self.hint = QLabel("Ctrl+.", self)
        self.hint.setStyleSheet("color: palette(placeholder-text); margin-left: 10px;")
        for label in (self.mark, self.hint):
            label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addSpacing(4)
        layout.addWidget(self.button)
        layout.addWidget(self.mark)  # "?" right after the word
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.hide()

    def offer(self, query: str | None, replaced: tuple[str, str] | None) -> None:
        """Show the suggestion (the corrected query and the word put right), or hide."""
        if not query or not replaced:
            self.query = ""
            self.hide()
            return
        self.query = query
        self.button.setText(plain.keep_ampersands(replaced[1]))  # never rich text; & is a key
        self.show()


class InlineEntry(QFrame):
    """A bar under a pane: a label and a line to type in; Enter submits, Esc (the window's
    "back" key) hides it."""

    def __init__(
        self, name: str, placeholder: str, accessible: str, label: str = "", parent: Any = None
    ):
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(label, self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(name.replace("Entry", "Edit"))
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(accessible)
        self.label.setBuddy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.edit, 1)
        self.edit.returnPressed.connect(self._submit)
        self.hide()

    def _submit(self) -> None:
        raise NotImplementedError


class TagEntry(InlineEntry):
    """An inline bar: "Add tag to 3 papers: [____]" with completion over existing tags."""

    submitted = Signal(str, bool)

    def __init__(self, parent: Any = None):
        super().__init__(
            "tagEntry", tr("tag name, Enter to apply, Esc to cancel"), tr("Tag"), parent=parent
        )
        self.adding = True
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(self.completer)

    def start(self, adding: bool, count: int, names: list[str]) -> None:
        """Show the bar for ``count`` papers, completing from ``names``."""
        self.adding = adding
        one, many = (
            ("Add a tag to {n} paper:", "Add a tag to {n} papers:")
            if adding
            else ("Remove a tag from {n} paper:", "Remove a tag from {n} papers:")
        )  # {n}: the count as this bar always wrote it, with no thousands separator
        said = counted("Widgets", count, one, many, n=count)
        self.label.setText(said)
        self.edit.setAccessibleName(tr("Tag to add") if adding else tr("Tag to remove"))
        self.edit.setAccessibleDescription(said)
        self._names.setStringList(names)
        self.edit.clear()
        self.show()
        self.edit.setFocus()

    def _submit(self) -> None:
        name = self.edit.text().strip()
        popup = self.completer.popup()
        assert popup is not None  # a completer makes its list on asking, unless it is inline
        if popup.isVisible():
            popup.hide()
        if name:
            emit(self.submitted, name, self.adding)


class CommentEntry(InlineEntry):
    """An inline bar under the detail pane: a comment for the highlight just made or chosen.

    Enter saves it (an empty comment clears it), Esc leaves it as it was.
    """

    submitted = Signal(int, str)  # highlight id, comment

    def __init__(self, parent: Any = None):
        super().__init__(
            "commentEntry",
            tr("a comment on the highlight; Enter saves, Esc skips"),
            tr("Comment on the highlight"),
            tr("Comment:"),
            parent,
        )
        self.highlight_id: int | None = None

    def start(self, highlight_id: int, comment: str) -> None:
        """Show the bar for one highlight, with its comment so far."""
        self.highlight_id = highlight_id
        self.edit.setText(comment)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def _submit(self) -> None:
        if self.highlight_id is not None:
            emit(self.submitted, self.highlight_id, self.edit.text().strip())
        self.highlight_id = None
        self.hide()


class WelcomePane(QWidget):
    """What an empty library shows: paste a dump, import a file, or load the sample."""

    pasteRequested = Signal()
    fileRequested = Signal()
    sampleRequested = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel(tr("Your shelf is empty"))
        title.setObjectName("welcomeTitle")
        text = QLabel(
            tr(
                "Copy a page of abstracts — the Hugging Face trending-papers page, an arXiv "
                "listing — and paste it here. Papershelf keeps everything on this computer."
            )
        )
        text.setWordWrap(True)
        text.setObjectName("welcomeText")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(540)
        box = QVBoxLayout(self)
        box.addStretch(2)
        box.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        box.addLayout(row)
        box.addSpacing(16)
        for label, signal in (
            (tr("Paste from the clipboard   (Ctrl+V)"), self.pasteRequested),
            (tr("Import a file…   (Ctrl+O)"), self.fileRequested),
            (tr("Load the sample papers"), self.sampleRequested),
        ):
            button = QPushButton(label)
            button.setMinimumWidth(320)
            button.clicked.connect(signal)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(3)

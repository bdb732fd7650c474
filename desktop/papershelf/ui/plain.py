"""Text is text: labels, tooltips, menu texts and message boxes that show a title, an author,
a tag or a file name exactly as written.

Qt guesses by default (``Qt.AutoText``): a title holding ``<b>`` would be drawn bold and
``<img src=x>`` would be fetched as an image, in a label, a tooltip, a message box or the label
of an input dialog. In a menu, a button or a label with a buddy, an ``&`` marks the shortcut
key and vanishes. Every widget that shows text from the library or from a file gets it through
one of these helpers.

Relied on: a tooltip has no plain-text flag (Qt reads it as rich text when
``Qt.mightBeRichText`` says so), hence the escaped paragraph; a ``QInputDialog`` keeps its
label as a ``QLabel`` child once its label text is set (Qt 6), which ``_plain_children`` finds.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QMessageBox, QWidget

PLAIN = Qt.TextFormat.PlainText
Button = QMessageBox.StandardButton


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never reads its text as rich text."""
    shown = QLabel(text, parent)
    shown.setTextFormat(PLAIN)
    return shown


def tooltip(text: str) -> str:
    """``text`` as a tooltip shows it literally (escaped in a paragraph, which also wraps a
    long one); empty for no text, so that no tooltip shows."""
    return f"<p>{html.escape(text)}</p>" if text else ""


def keep_ampersands(text: str) -> str:
    """``text`` for a menu, a button or a label with a buddy: each ``&`` shown, none taken as
    a shortcut key."""
    return text.replace("&", "&&")


def message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    parent: QWidget | None = None,
    buttons: Button = Button.Ok,
) -> QMessageBox:
    """A message box whose text is plain text, not yet shown."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(PLAIN)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Say what went wrong, in a warning box with OK (the static ``QMessageBox.warning``,
    plain)."""
    message_box(QMessageBox.Icon.Warning, title, text, parent).exec()


def ask(parent: QWidget | None, title: str, text: str, *, yes_default: bool = False) -> bool:
    """Yes or No (No the default unless ``yes_default``); True for Yes."""
    box = message_box(QMessageBox.Icon.Question, title, text, parent, Button.Yes | Button.No)
    box.setDefaultButton(Button.Yes if yes_default else Button.No)
    box.exec()
    return box.clickedButton() is box.button(Button.Yes)


def ask_text(parent: QWidget | None, title: str, prompt: str, text: str = "") -> tuple[str, bool]:
    """A line of text (``text`` to start with) and whether OK was chosen
    (``QInputDialog.getText``, its prompt plain)."""
    dialog = _input_dialog(parent, title, prompt)
    dialog.setTextValue(text)
    return _answer(dialog)


def ask_item(parent: QWidget | None, title: str, prompt: str, items: list[str]) -> tuple[str, bool]:
    """One of ``items`` (the first to start with) and whether OK was chosen
    (``QInputDialog.getItem``, not editable, its prompt plain)."""
    dialog = _input_dialog(parent, title, prompt)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    if items:
        dialog.setTextValue(items[0])
    return _answer(dialog)


def _input_dialog(parent: QWidget | None, title: str, prompt: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(keep_ampersands(prompt))  # its buddy is the input: & is a shortcut
    _plain_children(dialog)
    return dialog


def _plain_children(widget: QWidget) -> None:
    for child in widget.findChildren(QLabel):
        child.setTextFormat(PLAIN)


def _answer(dialog: QInputDialog) -> tuple[str, bool]:
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value, accepted


__all__ = [
    "ask",
    "ask_item",
    "ask_text",
    "keep_ampersands",
    "label",
    "message_box",
    "tooltip",
    "warn",
]

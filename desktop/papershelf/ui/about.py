"""Help → About (versions, where the library and the log are) and Help → Show log."""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from papershelf import __version__
from papershelf.ui import crash
from papershelf.ui.plain import label as plain_label

LOG_TAIL_BYTES = 256 * 1024  # of the log, the end is shown (it grows for as long as it is used)


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("About", text)


def _version_of(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - when asked

    try:
        return version(package)
    except PackageNotFoundError:
        return tr("not installed")


def versions() -> list[tuple[str, str]]:
    """(component, version) for Papershelf and what it runs on."""
    return [
        ("Papershelf", __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLite", sqlite3.sqlite_version),
        ("Whoosh", _version_of("whoosh-reloaded")),
        (tr("System"), platform.platform(terse=True)),
    ]


class AboutDialog(QDialog):
    """What this Papershelf is, what it runs on and where it keeps the library."""

    def __init__(self, library: Path, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("About Papershelf"))
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Papershelf — an offline reading list for research papers"))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setObjectName("aboutHeading")
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        form = QFormLayout()
        for name, value in versions():
            form.addRow(plain_label(name + ":"), _selectable(value, name))
        form.addRow(plain_label(tr("Library") + ":"), _selectable(str(library), tr("Library")))
        log = crash.log_file()
        form.addRow(plain_label(tr("Log") + ":"), _selectable(str(log), tr("Log")))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(tr("Close"))
        layout.addWidget(buttons)


def _selectable(text: str, name: str) -> QLabel:
    label = plain_label(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class LogDialog(QDialog):
    """The end of the log, read-only, newest at the bottom."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("logDialog")
        path = crash.log_file()
        self.setWindowTitle(tr("Papershelf log") + f" — {path}")
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setObjectName("logText")
        self.text.setAccessibleName(tr("Log"))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(read_log(path))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.maximum())


def read_log(path: Path) -> str:
    """The log's last ``LOG_TAIL_BYTES`` (from a line's start), or a sentence saying why not."""
    try:
        with path.open("rb") as stream:
            size = stream.seek(0, 2)
            stream.seek(max(0, size - LOG_TAIL_BYTES))
            data = stream.read()
    except FileNotFoundError:
        return tr("Nothing has been logged yet.")
    except OSError as exc:
        return tr("The log could not be read") + f" ({exc.strerror or exc})."
    if size > LOG_TAIL_BYTES:
        data = data.split(b"\n", 1)[-1]
    return data.decode("utf-8", "replace") or tr("Nothing has been logged yet.")

"""Bugs are crashes: log the traceback, show it in a dialog the user can copy from.

Errors the user can fix (``PapershelfError``) never come here: they are shown as one sentence
where they happen. Everything else reaching ``sys.excepthook`` is a bug. An exception in a
worker thread (a Qt slot run there, or a Python thread: ``threading.excepthook``) is handed to
the GUI thread first, and reported there: a dialog is only ever shown by the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTextEdit

from papershelf.core.errors import PapershelfError
from papershelf.ui import plain

log = logging.getLogger("papershelf")


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Crash", text)


def log_file() -> Path:
    """Where the window writes its log."""
    folder = Path(platformdirs.user_log_dir("papershelf", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "papershelf.log"


def setup_logging() -> Path | None:
    """Log warnings and errors to the user's log folder (and stderr); returns the file."""
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    path: Path | None = None
    try:
        path = log_file()
        handlers.append(logging.FileHandler(path, encoding="utf-8"))
    except OSError:
        path = None
    logging.basicConfig(
        level=logging.INFO, handlers=handlers, format="%(asctime)s %(name)s: %(message)s"
    )
    return path


class _Relay(QObject):
    """Carries an exception from a worker thread to the GUI thread (a queued signal)."""

    raised = Signal(object)


_relay: _Relay | None = None


def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Report an exception that escaped a Qt slot: a message if user-fixable, else a crash."""
    app = QApplication.instance()
    if app is not None and _relay is not None and QThread.currentThread() is not app.thread():
        from papershelf.ui.signals import emit

        emit(_relay.raised, (kind, value, tb))  # shown by the GUI thread, never from here
        return
    if isinstance(value, PapershelfError):
        _show(QMessageBox.Icon.Warning, tr("Papershelf"), str(value), None)
        return
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error:\n%s", details)
    where = log_file()
    _show(
        QMessageBox.Icon.Critical,
        tr("Papershelf hit a bug"),
        tr(
            "Something went wrong inside Papershelf. Your library is safe: every change is saved "
            "as it happens.\n\nPlease report this, with the details below (also in {log})."
        ).format(log=where),
        details,
    )


def _show(icon: QMessageBox.Icon, title: str, text: str, details: str | None) -> None:
    if QApplication.instance() is None:
        print(f"papershelf: {text}\n{details or ''}", file=sys.stderr)
        return
    message_box(icon, title, text, details).exec()


def message_box(icon: QMessageBox.Icon, title: str, text: str, details: str | None) -> QMessageBox:
    """The message, and the details to copy; the parts the keyboard reaches named for a screen
    reader (the text can be selected, so it takes the focus)."""
    box = plain.message_box(icon, title, text)  # a message may quote a title or a file
    if details:
        box.setDetailedText(details)
    for label in box.findChildren(QLabel):
        if label.focusPolicy() != Qt.FocusPolicy.NoFocus and not label.accessibleName():
            label.setAccessibleName(title)
    for edit in box.findChildren(QTextEdit):
        edit.setAccessibleName(tr("Details"))
    return box


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Route uncaught exceptions, of every thread, to ``excepthook`` (on the GUI thread)."""
    global _relay
    if _relay is None and QApplication.instance() is not None:
        _relay = _Relay()
        _relay.raised.connect(lambda info: excepthook(*info))
    sys.excepthook = excepthook
    threading.excepthook = _thread_hook

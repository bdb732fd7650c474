"""``run``: a locked library is a message, not a traceback; bugs reach the crash dialog."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.session import Shelf
from papershelf.ui import app, crash, plain


def test_a_second_instance_gets_a_clear_message(qtbot, library_dir: Path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(plain, "warn", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(app.crash, "install", lambda: None)
    monkeypatch.setattr(app.crash, "setup_logging", lambda: None)
    with Shelf(library_dir, window=True):  # the first window's hold on the library
        assert app.run(library=str(library_dir)) == 1
    assert shown and "open in another Papershelf window" in shown[0]


def test_a_bug_shows_the_crash_dialog_with_details(qtbot, monkeypatch, tmp_path):
    shown: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        crash, "_show", lambda icon, title, text, details: shown.append((title, details))
    )
    monkeypatch.setattr(crash, "log_file", lambda: tmp_path / "papershelf.log")
    try:
        raise ValueError("boom")
    except ValueError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    assert shown[0][0] == "Papershelf hit a bug"
    assert "ValueError: boom" in shown[0][1]

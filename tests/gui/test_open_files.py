"""Files given at launch: a preview for each, in turn; a second launch hands them over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from papershelf.ui.instance import InstanceServer, hand_over
from papershelf.ui.preview import ImportPreview

FIXTURES = Path(__file__).parents[1] / "fixtures"
BIB = FIXTURES / "bibtex" / "complex.bib"
NBIB = FIXTURES / "medline" / "NbibImporterTest.nbib"


def _preview_of(qtbot, name: str) -> ImportPreview:
    def showing() -> bool:
        modal = QApplication.activeModalWidget()
        return isinstance(modal, ImportPreview) and name in modal.source.name

    qtbot.waitUntil(showing, timeout=10000)
    preview = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: preview.import_button.isEnabled(), timeout=10000)
    return preview


def test_each_file_gets_its_preview_in_turn(qtbot, window):
    before = window.library.count()
    window.open_files([str(BIB), str(NBIB)])
    first = _preview_of(qtbot, BIB.name)
    qtbot.waitUntil(first.tag.hasFocus)  # ready for a tag; Enter imports
    with qtbot.waitSignal(window.imports.imported, timeout=20000):
        qtbot.keyClick(first.import_button, Qt.Key.Key_Space)  # Import
    second = _preview_of(qtbot, NBIB.name)
    assert "new" in second.summary.text()
    qtbot.keyClick(second, Qt.Key.Key_Escape)  # not this one
    qtbot.waitUntil(lambda: not second.isVisible())
    assert window.library.count() > before
    assert not window.imports.queued


def test_a_second_launch_hands_its_file_to_the_open_window(qtbot, window):
    server = InstanceServer(window.library.folder, window)
    server.filesReceived.connect(window.open_files)
    assert server.listening()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    launch = subprocess.Popen(
        [sys.executable, "-m", "papershelf", "--library", str(window.library.folder), str(BIB)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        preview = _preview_of(qtbot, BIB.name)  # in this window, not a second one
        qtbot.waitUntil(lambda: launch.poll() is not None, timeout=10000)
    finally:
        if launch.poll() is None:
            launch.kill()
    _, err = launch.communicate()
    assert launch.returncode == 0, err
    qtbot.keyClick(preview, Qt.Key.Key_Escape)


def test_no_window_to_hand_over_to_means_opening_one(qtbot, tmp_path: Path):
    assert not hand_over(tmp_path / "nobody-here", [str(BIB)])


def test_the_window_says_when_it_is_ready_and_quits(tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "papershelf", "--demo", "--quit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    shown, ready = done.stdout.splitlines()
    assert shown.startswith("papershelf: list shown in ")  # said first, as it happens
    assert ready.startswith("papershelf: ready in ")
    assert "65 papers listed" in done.stdout

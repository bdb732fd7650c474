"""The window while it imports the 74,728-paper arXiv corpus: how long, and the longest freeze.

    .venv/bin/python tests/benchmarks/bench_window_import.py

Opens the window on an empty library, imports the corpus as a user would (the preview, then
Import as soon as it can be pressed: at once for a large file, while the count runs), and waits
for the index. A 10 ms timer on the UI thread records every gap between its
ticks: the longest gap is the longest time the window could not respond (design §9: < 100 ms).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from large_corpus import arxiv_jsonl  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from papershelf.core.session import Shelf  # noqa: E402
from papershelf.ui.importflow import ImportPreview  # noqa: E402
from papershelf.ui.window import MainWindow  # noqa: E402


class GapMeter:
    """The longest gap between ticks of a 10 ms UI timer, per phase."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.longest = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def phase(self) -> int:
        """The longest gap since the last call, in ms; starts the next phase."""
        longest, self.longest = self.longest, 0
        return longest


def wait(condition, timeout_s: float = 900) -> None:
    """Run the event loop until ``condition()`` holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def main() -> None:
    """Import into the window and print each phase with its longest freeze."""
    path = arxiv_jsonl()
    app = QApplication.instance() or QApplication([])
    scratch = Path(tempfile.mkdtemp(prefix="papershelf-window-import-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    shelf = Shelf(scratch / "library")
    window = MainWindow(shelf, settings)
    window.show()
    meter = GapMeter()
    done: dict[str, bool] = {}
    window.imports.imported.connect(lambda _: done.setdefault("imported", True))
    # Only an index signal after the import counts (one comes when the window opens).
    window.indexReady.connect(lambda _: "imported" in done and done.setdefault("indexed", True))
    started = time.perf_counter()
    window.imports.start_path(str(path))
    wait(lambda: isinstance(app.activeModalWidget(), ImportPreview)
         and app.activeModalWidget().import_button.isEnabled())  # fmt: skip
    preview_s = time.perf_counter() - started
    print(f"preview ready to import  {preview_s:7.1f} s   longest freeze {meter.phase()} ms")
    started = time.perf_counter()
    app.activeModalWidget().accept()
    wait(lambda: done.get("imported", False))
    print(
        f"import to browsable      {time.perf_counter() - started:7.1f} s   "
        f"longest freeze {meter.phase()} ms"
    )
    wait(lambda: done.get("indexed", False))
    print(
        f"... to searchable        {time.perf_counter() - started:7.1f} s   "
        f"longest freeze {meter.phase()} ms"
    )
    print(f"papers: {shelf.library.count():,}")
    window.close()
    shelf.close()
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The window open while the command line imports 20,000 arXiv papers into its library: how
long key presses take meanwhile, and how soon the window shows the new papers.

    .venv/bin/python tests/benchmarks/bench_concurrency.py

The first 20,000 lines of ``arxiv_daily_dwdengwei_00.jsonl.xz`` (see ``large_corpus``) are
unpacked into a temporary file (not timed). Two runs, each on a fresh library holding the
bundled sample, with a headless window open on it (``Shelf(folder, window=True)``, as
``papershelf`` opens it) while ``python -m papershelf import`` runs as a subprocess:

* moving: j/k pressed every 40 ms through the whole CLI run; then the time from the import's
  commit, and from the CLI's exit, until the window's list and sidebar show the papers;
* triage: j/k/r (r marks the current paper read) pressed the same way.

Each press is timed with ``perf_counter`` around ``QTest.keyClick`` (the shortcut, the action
and the refresh it makes all run inside it). A 10 ms timer on the UI thread also records the
longest gap between its ticks: the longest the window could not answer at all (design §9:
< 100 ms), which catches work that runs from the event loop rather than from a key.
"""

from __future__ import annotations

import lzma
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from large_corpus import corpus_dir  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from papershelf.core.importing import choose_importer, import_source, open_source  # noqa: E402
from papershelf.core.library import DB_NAME, Library  # noqa: E402
from papershelf.core.listing import View  # noqa: E402
from papershelf.core.paths import sample_dump  # noqa: E402
from papershelf.core.session import Shelf  # noqa: E402
from papershelf.ui.window import MainWindow  # noqa: E402

LINES = 20_000
SOURCE = "arxiv_daily_dwdengwei_00.jsonl.xz"
PRESS_EVERY_MS = 40


class GapMeter:
    """The longest gap between ticks of a 10 ms UI timer."""

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
        self.tick()
        longest, self.longest = self.longest, 0
        return longest


def pump(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(condition: Callable[[], bool], timeout_s: float = 120) -> bool:
    """Run the event loop until ``condition()`` holds; whether it did in time."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        pump(5)
    return True


def unpack_slice(target: Path) -> Path:
    """The corpus file's first LINES lines, unpacked into ``target``."""
    with lzma.open(corpus_dir() / SOURCE, "rb") as stream, target.open("wb") as out:
        out.writelines(islice(stream, LINES))
    return target


def write_locked(db: Path) -> bool:
    """Whether another connection holds the write lock (a probe that takes it for a moment
    when it is free: used only until the import is seen writing)."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def percentile(values: list[float], p: int) -> float:
    """The ``p``-th percentile (inclusive method)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def line(label: str, ms: list[float]) -> str:
    """min / median / p95 / max of a list of press times."""
    if not ms:
        return f"  {label:<34} no presses"
    return (
        f"  {label:<34} {len(ms):4d} presses  min {min(ms):6.1f}  median "
        f"{statistics.median(ms):6.1f}  p95 {percentile(ms, 95):6.1f}  max {max(ms):6.1f} ms"
    )


def run(app: QApplication, dump: Path, keys: str, scratch: Path, name: str) -> None:
    """One library, one window, one CLI import of ``dump`` with ``keys`` pressed throughout."""
    folder = scratch / name
    with Library(folder) as library:
        source = open_source(sample_dump())
        import_source(library, source, choose_importer(source))
    before = Library(folder)
    sample = before.count()
    before.close()
    settings = QSettings(str(scratch / f"{name}.ini"), QSettings.Format.IniFormat)
    shelf = Shelf(folder, window=True)
    window = MainWindow(shelf, settings)
    indexed: list[str] = []
    window.indexReady.connect(indexed.append)
    window.show()
    wait(lambda: bool(indexed))
    window.sidebar.select_view(View())
    wait(lambda: window.model.rowCount() == sample)
    window.list.setFocus()
    meter = GapMeter()
    db = folder / DB_NAME

    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "papershelf", "--library", str(folder), "import", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    while not write_locked(db):
        if process.poll() is not None:
            raise SystemExit(f"the import ended before it was seen writing: {process.stderr}")
        pump(5)
    writing_at = time.perf_counter()
    watch = sqlite3.connect(db, isolation_level=None)
    version = watch.execute("PRAGMA data_version").fetchone()[0]
    meter.phase()

    inside: list[float] = []
    after: list[float] = []
    committed_at: float | None = None
    shown_at: float | None = None
    total: int | None = None

    def shown() -> bool:
        return total is not None and window.model.rowCount() == total

    n = 0
    while process.poll() is None:
        key = keys[n % len(keys)]
        n += 1
        pressed = time.perf_counter()
        QTest.keyClick(window.list, key)
        ms = (time.perf_counter() - pressed) * 1000
        if committed_at is None and watch.execute("PRAGMA data_version").fetchone()[0] != version:
            committed_at = time.perf_counter()
            total = window.library.count()
        (inside if committed_at is None else after).append(ms)
        pump(PRESS_EVERY_MS)
        if shown_at is None and shown():
            shown_at = time.perf_counter()
    exited_at = time.perf_counter()
    freeze = meter.phase()
    out, err = process.communicate()
    watch.close()
    if process.returncode != 0:
        raise SystemExit(f"the import failed: {err.decode()}")
    total = window.library.count()
    if shown_at is None and wait(shown, timeout_s=10):
        shown_at = time.perf_counter()
    settle_freeze = meter.phase()

    print(f"{name}: keys {keys!r} while `papershelf import` ran ({out.decode().split('  (')[0]})")
    print(
        f"  CLI start to writing {writing_at - started:5.2f} s, write transaction "
        f"{(committed_at or exited_at) - writing_at:5.2f} s, commit to exit (indexing) "
        f"{exited_at - (committed_at or exited_at):5.2f} s"
    )
    print(line("inside the write transaction", inside))
    print(line("after the commit (CLI indexing)", after))
    print(line("all", inside + after))
    print(f"  longest UI freeze: {freeze} ms during the import, {settle_freeze} ms after it")
    if shown_at is None:
        print(f"  the window did NOT show the {total:,} papers within 10 s of the CLI's exit")
    else:
        since_commit = shown_at - committed_at if committed_at is not None else float("nan")
        print(
            f"  window shows the {total:,} papers: {since_commit:5.2f} s after the commit, "
            f"{shown_at - exited_at:+5.2f} s from the CLI's exit"
        )
    read = window.library.status_counts()["read"]
    marks = sum(1 for k in (keys * (n // len(keys) + 1))[:n] if k == "r")
    if marks:
        print(f"  r pressed {marks} times; papers read afterwards: {read}")
    window.close()
    shelf.close()


def main() -> None:
    """Both runs; each prints its figures."""
    app = QApplication.instance() or QApplication([])
    scratch = Path(tempfile.mkdtemp(prefix="papershelf-concurrency-"))
    try:
        dump = unpack_slice(scratch / f"arxiv-first-{LINES}.jsonl")
        run(app, dump, "jjjkkj", scratch, "moving")
        run(app, dump, "jrjkjr", scratch, "triage")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

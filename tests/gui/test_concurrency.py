"""The window open while the command line works on the same library (the issue's concurrency
test): the CLI imports, tags, marks and exports; the window keeps answering keys and shows
what the CLI did without being asked; a second window is refused while the CLI still works.

The window here holds the library as ``papershelf`` does (``Shelf(folder, window=True)``). The
CLI runs as a subprocess (``python -m papershelf --library DIR ...``). Timings are printed
(``pytest -s`` shows them) but never asserted: how long a press takes and how soon the window
shows the CLI's work (design §9: < 100 ms, < 2 s) are measured by
``tests/benchmarks/bench_concurrency.py``. Here a press must take effect while the import
holds its write transaction, and the window must show the CLI's work from its own watch.
"""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import count
from PySide6.QtCore import QSettings, Qt

from conftest import SAMPLE_COUNT
from papershelf.core.errors import LibraryLocked
from papershelf.core.library import DB_NAME, Library
from papershelf.core.listing import View
from papershelf.core.session import Shelf
from papershelf.ui import app
from papershelf.ui.listmodel import COLUMNS
from papershelf.ui.window import MainWindow

pytestmark = pytest.mark.timeout(120)

FIXTURE_JSONL = (
    Path(__file__).parents[1] / "fixtures" / "jsonl" / "dwdengwei-2025-12-30-first20.jsonl"
)
BIG = 8000  # papers in the CLI's import: its write transaction lasts a second or two
WAIT_S = 30.0  # how long a test waits for the window to show the CLI's work (design §9: 2 s)
STATUS_COLUMN = COLUMNS.index("status")


# -- the command line ----------------------------------------------------------------------


def _command(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "papershelf", "--library", str(folder), *args]


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one CLI command to its end (the window's event loop waits meanwhile)."""
    return subprocess.run(
        _command(folder, *args), capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def big_dump(path: Path, papers: int) -> Path:
    """``papers`` arXiv-like JSON Lines records, none of them in the sample."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(papers):
            record = {
                "id": f"2402.{n:05d}",
                "title": f"Paper number {n} on windows beside the command line",
                "summary": "An abstract about concurrent readers, writers and okapis. " * 15,
                "authors": ["Ada Lovelace", "Alan Turing"],
            }
            out.write(json.dumps(record) + "\n")
    return path


class Import:
    """A CLI import running beside the window, watched without getting in its way."""

    def __init__(self, qtbot, folder: Path, dump: Path):
        self.qtbot = qtbot
        self.db = folder / DB_NAME
        self.process = subprocess.Popen(
            _command(folder, "import", str(dump)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.exited_at: float | None = None
        self._watch: sqlite3.Connection | None = None
        self._version = 0

    def wait_until_writing(self, timeout_s: float = 60) -> None:
        """Wait (the window answering meanwhile) until the import holds the write lock: its
        one transaction has begun. Then watch for its commit through ``PRAGMA data_version``,
        which only another connection's commit moves (no probe takes the lock after this)."""
        deadline = time.monotonic() + timeout_s
        while not _write_locked(self.db):
            assert self.process.poll() is None, "the import ended before it was seen writing"
            assert time.monotonic() < deadline, "the import never began writing"
            self.qtbot.wait(5)
        self._watch = sqlite3.connect(self.db, isolation_level=None)
        self._version = self._data_version()

    def _data_version(self) -> int:
        assert self._watch is not None
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def committed(self) -> bool:
        """Whether anyone committed since the import began writing. While it holds the write
        lock no one else can, so the first commit seen is the import's own."""
        return self._data_version() != self._version

    def running(self) -> bool:
        """Whether the CLI process is still running; notes when it was first seen gone."""
        if self.process.poll() is None:
            return True
        if self.exited_at is None:
            self.exited_at = time.perf_counter()
        return False

    def finish(self) -> str:
        """Wait for the CLI to exit (the window answering meanwhile); its standard output."""
        while self.running():
            self.qtbot.wait(5)
        out, err = self.process.communicate(timeout=60)
        if self._watch is not None:
            self._watch.close()
        assert self.process.returncode == 0, err.decode()
        return out.decode()

    def kill(self) -> None:
        """Leave nothing running after a failed test."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        if self._watch is not None:
            self._watch.close()


def _write_locked(db: Path) -> bool:
    """Whether another connection holds the database's write lock (a probe that takes the
    lock for a moment when it is free, so only used until the import is seen writing)."""
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


# -- the window --------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, sample_library: Path, settings: QSettings) -> Iterator[MainWindow]:
    """The window on the sample library, holding it as ``papershelf`` does (the window lock),
    showing All papers, the list focused."""
    shelf = Shelf(sample_library, window=True)
    win = MainWindow(shelf, settings)
    try:
        with qtbot.waitSignal(win.indexReady, timeout=20000):
            win.show()
        qtbot.waitExposed(win)
        win.sidebar.select_view(View())
        qtbot.waitUntil(lambda: win.model.rowCount() == SAMPLE_COUNT)
        win.list.setFocus()
        qtbot.waitUntil(lambda: win.list.hasFocus())
        yield win
    finally:
        win.close()
        shelf.close()


def timed_press(qtbot, window: MainWindow, key: str) -> float:
    """Press a key on the list as a user would; how long the window took to handle it, in ms
    (the handler runs inside ``keyClick``: the shortcut, the action, the refresh it makes)."""
    started = time.perf_counter()
    qtbot.keyClick(window.list, key)
    return (time.perf_counter() - started) * 1000


def seconds_until(qtbot, condition: Callable[[], bool], since: float) -> float:
    """Wait until ``condition`` holds (failing after WAIT_S from ``since``); seconds taken."""
    left_ms = max(1, int((WAIT_S - (time.perf_counter() - since)) * 1000))
    qtbot.waitUntil(condition, timeout=left_ms)
    return time.perf_counter() - since


def figures(label: str, latencies: list[float]) -> str:
    """min / median / max of key-press times, for the printout."""
    return (
        f"{label}: {len(latencies)} presses, min {min(latencies):.1f} ms, "
        f"median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms"
    )


class Pressed:
    """What happened while keys were pressed through an import."""

    def __init__(self) -> None:
        self.inside: list[float] = []  # press times (ms) inside the import's write transaction
        self.after: list[float] = []  # after its commit, while the CLI indexes
        self.keys: list[tuple[str, int | None]] = []  # inside: each key, the paper current
        self.committed_at: float | None = None  # when the import's commit was first seen
        self.shown_at: float | None = None  # when the window first showed the papers
        self.slowest: tuple[float, str, str] = (0.0, "", "")  # ms, key, when
        self.missed: list[str] = []  # j/k presses that did not move the cursor one row

    @property
    def every(self) -> list[float]:
        return self.inside + self.after

    def note(self, ms: float, key: str, committed: bool) -> None:
        if ms > self.slowest[0]:
            when = "after the commit" if committed else "inside the write transaction"
            nth = len(self.after) if committed else len(self.inside)
            self.slowest = (ms, key, f"{when}, press {nth} there")

    def describe_slowest(self) -> str:
        ms, key, when = self.slowest
        return f"the slowest press: {key!r}, {ms:.1f} ms, {when}"


def press_through_the_import(
    qtbot,
    window: MainWindow,
    running: Import,
    keys: str,
    *,
    pause_ms: int = 20,
    shown: Callable[[], bool] = lambda: False,
) -> Pressed:
    """Press ``keys`` over and over from the moment the import writes until the CLI exits,
    timing each press and noting when the import committed and when ``shown`` first held."""
    running.wait_until_writing()
    pressed = Pressed()
    n = 0
    while running.running():
        key = keys[n % len(keys)]
        n += 1
        current = window.list.current_id()
        row = window.list.currentIndex().row()
        ms = timed_press(qtbot, window, key)
        if key in "jk":
            step = 1 if key == "j" else -1
            expected = max(0, min(window.model.rowCount() - 1, row + step))
            if window.list.currentIndex().row() != expected:
                pressed.missed.append(f"{key!r} from row {row}")
        committed = running.committed()  # checked after the press: an "inside" press
        if committed:  # ended inside the transaction
            pressed.after.append(ms)
            pressed.committed_at = pressed.committed_at or time.perf_counter()
        else:
            pressed.inside.append(ms)
            pressed.keys.append((key, current))
        pressed.note(ms, key, committed)
        qtbot.wait(pause_ms)  # the window's event loop runs between presses
        if pressed.shown_at is None and shown():
            pressed.shown_at = time.perf_counter()
    return pressed


# -- the import -----------------------------------------------------------------------------


def test_triage_keys_take_effect_while_the_cli_imports(qtbot, window: MainWindow, tmp_path: Path):
    running = Import(qtbot, window.library.folder, big_dump(tmp_path / "big.jsonl", BIG))
    try:
        pressed = press_through_the_import(qtbot, window, running, "jrjkjr")
        out = running.finish()
    finally:
        running.kill()
    print()
    print(figures("inside the import's write transaction", pressed.inside))
    if pressed.after:
        print(figures("after its commit, while the CLI indexes", pressed.after))
    print(figures("all", pressed.every))
    print(pressed.describe_slowest())
    assert out.startswith(f"{BIG} new")
    assert len(pressed.inside) >= 8, "too few presses landed inside the import's transaction"
    assert sum(key == "r" for key, _ in pressed.keys) >= 2  # marks, which must not wait for it
    assert pressed.missed == [], "key presses lost while the CLI imported"
    assert window.library.count() == SAMPLE_COUNT + BIG  # the CLI's papers are all there


def test_the_window_shows_the_imported_papers_by_itself(qtbot, window: MainWindow, tmp_path: Path):
    running = Import(qtbot, window.library.folder, big_dump(tmp_path / "big.jsonl", BIG))
    total = SAMPLE_COUNT + BIG

    def shown() -> bool:
        return window.model.rowCount() == total and count(window, "all") == total

    try:
        pressed = press_through_the_import(qtbot, window, running, "jjjkkj", shown=shown)
        running.finish()
    finally:
        running.kill()
    assert running.exited_at is not None and pressed.committed_at is not None
    seconds_until(qtbot, shown, running.exited_at)  # from a watch tick: no key pressed
    shown_at = pressed.shown_at or time.perf_counter()
    print(
        f"\nthe window showed the {BIG} new papers {shown_at - pressed.committed_at:.2f} s "
        f"after the import committed, {shown_at - running.exited_at:+.2f} s from the CLI's "
        f"exit ({running.exited_at - pressed.committed_at:.2f} s of indexing in between)"
    )
    print(figures("moving (j/k) during the import", pressed.every))
    print(pressed.describe_slowest())
    assert pressed.missed == [], "key presses lost while the CLI imported"
    with Library(window.library.folder) as library:
        assert library.count() == total
        arxiv = library.conn.execute(
            "SELECT count(*) FROM papers WHERE arxiv_id LIKE '2402.%'"
        ).fetchone()[0]
        assert arxiv == BIG
        assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_marks_made_in_the_window_during_the_import_are_kept(
    qtbot, window: MainWindow, tmp_path: Path
):
    running = Import(qtbot, window.library.folder, big_dump(tmp_path / "big.jsonl", BIG))
    try:
        pressed = press_through_the_import(qtbot, window, running, "jr", pause_ms=40)
        running.finish()
    finally:
        running.kill()
    marked = {paper for key, paper in pressed.keys if key == "r" and paper is not None}
    assert marked, "no mark landed inside the import's transaction"
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=15000)  # a change made for it
    with Library(window.library.folder) as library:
        assert library.count() == SAMPLE_COUNT + BIG  # the CLI's papers are all there
        statuses = {p["id"]: p["status"] for p in library.papers(sorted(marked))}
    lost = sorted(pid for pid, status in statuses.items() if status != "read")
    assert lost == [], f"{len(lost)} of {len(marked)} marks made during the import were lost"


def test_a_mark_right_after_a_cli_import_does_not_hide_the_import(qtbot, window: MainWindow):
    done = cli(window.library.folder, "import", str(FIXTURE_JSONL))  # no watch tick meanwhile
    assert done.returncode == 0, done.stderr
    exited = time.perf_counter()
    qtbot.keyClick(window.list, "r")  # before the window's next look for outside changes
    total = SAMPLE_COUNT + 20
    seconds_until(
        qtbot,
        lambda: window.model.rowCount() == total and count(window, "all") == total,
        exited,
    )


# -- tags, marks and exports ------------------------------------------------------------------


def test_cli_tags_and_marks_show_in_the_window_by_themselves(qtbot, window: MainWindow):
    folder = window.library.folder
    current = window.list.current_id()
    ids = [current, *window.model.ids[1:3]]
    assert current is not None and len(set(ids)) == 3

    done = cli(folder, "tag", "add", "concurrent", *map(str, ids))
    assert done.returncode == 0, done.stderr
    tagged_s = seconds_until(
        qtbot,
        lambda: (
            count(window, "tag", "concurrent") == 3 and "concurrent" in window.detail.paper["tags"]
        ),
        time.perf_counter(),
    )
    assert "concurrent" in window.detail.toPlainText()
    rows = [window.model.row_of(pid) for pid in ids]
    assert all("concurrent" in window.model.index(r, COLUMNS.index("tags")).data() for r in rows)

    done = cli(folder, "mark", "read", *map(str, ids))
    assert done.returncode == 0, done.stderr
    marked_s = seconds_until(
        qtbot,
        lambda: (
            count(window, "status", "read") == 3
            and window.detail.paper["status"] == "read"
            and all(window.model.index(r, STATUS_COLUMN).data() == "Read" for r in rows)
        ),
        time.perf_counter(),
    )
    assert count(window, "status", "unread") == SAMPLE_COUNT - 3
    assert window.detail.paper["id"] == current
    assert "Read" in window.detail.toPlainText()
    for r in rows:  # no longer bold: read
        assert window.model.index(r, 0).data(Qt.ItemDataRole.FontRole) is None
    print(f"\ntag shown {tagged_s:.2f} s, marks shown {marked_s:.2f} s after the CLI exited")


def test_export_bibtex_works_while_the_window_is_open(qtbot, window: MainWindow, tmp_path: Path):
    folder = window.library.folder
    done = cli(folder, "export", "--format", "bibtex")
    assert done.returncode == 0, done.stderr
    entries = re.findall(r"^@\w+\{", done.stdout, flags=re.MULTILINE)
    assert len(entries) == SAMPLE_COUNT
    target = tmp_path / "shelf.bib"
    done = cli(folder, "export", "--format", "bibtex", "-o", str(target))
    assert done.returncode == 0, done.stderr
    written = target.read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", written, flags=re.MULTILINE)) == SAMPLE_COUNT
    # The window kept working beside the exports.
    qtbot.keyClick(window.list, "j")
    assert window.list.currentIndex().row() == 1
    qtbot.keyClick(window.list, "r")
    assert count(window, "status", "read") == 1


# -- one window per library ---------------------------------------------------------------


def test_a_second_window_is_refused_while_the_cli_still_works(
    qtbot, window: MainWindow, monkeypatch
):
    folder = window.library.folder
    with pytest.raises(LibraryLocked, match="open in another Papershelf window"):
        Shelf(folder, window=True)
    shown: list[str] = []  # what ``papershelf`` (no command) would say in its message box
    monkeypatch.setattr(app.plain, "warn", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(app.crash, "install", lambda: None)
    monkeypatch.setattr(app.crash, "setup_logging", lambda: None)
    monkeypatch.setattr(app.style, "apply", lambda *_: None)
    assert app.run(library=str(folder)) == 1
    assert shown and "open in another Papershelf window" in shown[0]

    found = cli(folder, "search", "--json")
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == SAMPLE_COUNT
    paper = window.model.ids[0]
    done = cli(folder, "mark", "reading", str(paper))
    assert done.returncode == 0, done.stderr
    seconds_until(qtbot, lambda: count(window, "status", "reading") == 1, time.perf_counter())
    # The refused window left the first one's hold on the library as it was.
    with pytest.raises(LibraryLocked):
        Shelf(folder, window=True)

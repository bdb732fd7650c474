"""Benchmark of the main window on ~75k real arXiv papers (design §9). Not run by pytest.

    .venv/bin/python tests/benchmarks/bench_window.py [--library DIR] [--rebuild]

Reads ../shared/corpus/large/arxiv_daily_dwdengwei_00.jsonl.xz and _01 (74,728 papers; see
../shared/corpus/SOURCES.md for where they come from: dw-dengwei/daily-arXiv-ai-enhanced @b4c542b).
The library is built once into DIR (default: a folder in the temp directory) with the JSON
importer when one is registered, else by inserting rows straight into SQLite; its index is built
too, so the timings below are of the window, not of indexing. Then it times: window open to
interactive, scroll to the end, sort by year, search as you type, mark a paper read.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from papershelf.core import importers  # noqa: E402
from papershelf.core.importing import import_source, open_source  # noqa: E402
from papershelf.core.library import now  # noqa: E402
from papershelf.core.listing import View  # noqa: E402
from papershelf.core.session import Shelf  # noqa: E402
from papershelf.core.textutil import title_key  # noqa: E402
from papershelf.ui.listmodel import COLUMNS  # noqa: E402
from papershelf.ui.window import MainWindow  # noqa: E402

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "large"
FILES = ("arxiv_daily_dwdengwei_00.jsonl.xz", "arxiv_daily_dwdengwei_01.jsonl.xz")


def corpus_files() -> list[Path]:
    """The corpus files, or exit saying where to get them."""
    paths = [CORPUS / name for name in FILES]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        sys.exit(
            f"missing {', '.join(map(str, missing))}: the benchmark corpus lives in "
            "../shared/corpus/large/ (74,728 papers deduplicated from "
            "github.com/dw-dengwei/daily-arXiv-ai-enhanced, branch data @b4c542b)."
        )
    return paths


def records(paths: list[Path]) -> Iterator[dict]:
    """Every JSON record of the corpus files."""
    for path in paths:
        with lzma.open(path, "rt", encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)


def build(folder: Path, paths: list[Path]) -> None:
    """Fill an empty library with the corpus and build its index."""
    with Shelf(folder) as shelf:
        started = time.perf_counter()
        if any(i.name == "json" for i in importers.IMPORTERS):
            for path in paths:
                plain = folder.parent / path.name.removesuffix(".xz")
                plain.write_bytes(lzma.decompress(path.read_bytes()))
                source = open_source(plain)
                import_source(shelf.library, source, importers.by_name("json"))
                plain.unlink()
            how = "JSON importer"
        else:
            insert_rows(shelf, paths)
            how = "direct SQLite inserts"
        print(f"library: {shelf.library.count():,} papers in {time.perf_counter() - started:.1f} s"
              f" ({how})")  # fmt: skip
        started = time.perf_counter()
        shelf.index.ensure()
        print(f"index built in {time.perf_counter() - started:.1f} s")


def insert_rows(shelf: Shelf, paths: list[Path]) -> None:
    """Insert the corpus straight into the papers table, queued for the index."""
    stamp = now()
    conn = shelf.library.conn
    with shelf.library.transaction():
        batch = conn.execute(
            "INSERT INTO batches (source, format, created) VALUES ('benchmark', 'json', ?)",
            [stamp],
        ).lastrowid
        rows = (
            (r["title"], title_key(r["title"]), r.get("summary") or "",
             json.dumps(r.get("authors") or []), 2000 + int(r["id"][:2]), r["id"], batch,
             stamp, stamp)
            for r in records(paths)
            if r.get("title")
        )  # fmt: skip
        conn.executemany(
            "INSERT OR IGNORE INTO papers (title, title_key, abstract, authors, year, arxiv_id,"
            " batch_id, added, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("INSERT INTO index_queue (paper_id) SELECT id FROM papers")


def wait_for(signal: object, action: Callable[[], None], timeout_ms: int = 60000) -> float:
    """Seconds from running ``action`` until ``signal`` fires (and the screen is repainted)."""
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    started = time.perf_counter()
    action()
    loop.exec()
    QApplication.processEvents()
    elapsed = time.perf_counter() - started
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]
    return elapsed


def timed(action: Callable[[], None]) -> float:
    """Seconds to run ``action`` and repaint."""
    started = time.perf_counter()
    action()
    QApplication.processEvents()
    return time.perf_counter() - started


def measure(folder: Path) -> None:
    """Open the window on the library and print each timing."""
    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(folder.parent / "bench-settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("sidebar/view", View().key())
    started = time.perf_counter()
    shelf = Shelf(folder)
    holder: dict[str, MainWindow] = {}

    def open_window() -> None:
        holder["w"] = MainWindow(shelf, settings)
        holder["w"].show()

    loop = QEventLoop()
    QTimer.singleShot(0, open_window)
    QTimer.singleShot(0, lambda: holder["w"].listShown.connect(loop.quit))
    loop.exec()
    window = holder["w"]
    QApplication.processEvents()
    report("window open to interactive", time.perf_counter() - started)
    print(f"  ({window.model.rowCount():,} papers listed)")
    report("scroll to the end", timed(lambda: (window.list.scrollToBottom(),
                                                window.list.viewport().repaint())))  # fmt: skip
    year = COLUMNS.index("year")
    report("sort by year", wait_for(window.listShown, lambda: window.model.sort(year, 1)))
    report("sort by title", wait_for(window.listShown, lambda: window.model.sort(0, 0)))
    for text in ("diffusion", "retrieval augmented generation", "gaussian splatting"):

        def search(t: str = text) -> None:
            window.search.setText(t)
            window.search._timer.stop()  # measure the search, not the debounce
            window.search.queryChanged.emit(t)

        report(f"search {text!r}", wait_for(window.listShown, search))
    window.search.clear_now()
    QApplication.processEvents()
    typing_stalls(window, "retrieval augmented generation")
    window.search.clear_now()
    window.list.select_row(10)
    report("mark a paper read", timed(lambda: window.set_status("read")))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss:.0f} MB RSS")
    window.close()
    shelf.close()
    del app


def typing_stalls(window: MainWindow, text: str, interval_ms: int = 70) -> None:
    """Type ``text`` into the search box a key at a time (a key every ``interval_ms``, the
    debounce on, prefix matching on: as a person types), and report the longest time the
    event loop did not turn meanwhile (a 1 ms timer's longest gap)."""
    window.search.setFocus()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now_ = time.perf_counter()
        gaps.append(now_ - last[0])
        last[0] = now_

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(beat)
    timer.start()
    for char in text:
        QTest.keyClicks(window.search, char)
        loop = QEventLoop()
        QTimer.singleShot(interval_ms, loop.quit)
        loop.exec()
    loop = QEventLoop()
    QTimer.singleShot(600, loop.quit)  # the debounce, then the last search
    loop.exec()
    timer.stop()
    gaps.sort()
    print(
        f"typing {text!r} a key every {interval_ms} ms: longest event-loop stall "
        f"{gaps[-1] * 1000:.1f} ms (p99 {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms, "
        f"{window.model.rowCount():,} papers listed)"
    )


def report(label: str, seconds: float) -> None:
    """Print one timing."""
    print(f"{label:<40} {seconds * 1000:8.1f} ms")


def main() -> None:
    """Build the library if needed, then time the window."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(tempfile.gettempdir()) / "papershelf-bench-window" / "library"
    parser.add_argument("--library", type=Path, default=default)
    parser.add_argument("--rebuild", action="store_true", help="build the library afresh")
    args = parser.parse_args()
    folder: Path = args.library
    if args.rebuild and folder.exists():
        import shutil

        shutil.rmtree(folder)
    if not (folder / "library.sqlite").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        build(folder, corpus_files())
    measure(folder)


if __name__ == "__main__":
    main()

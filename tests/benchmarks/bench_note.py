"""Benchmark of typing in a very long note (issue: a 5 MB note must keep the editor responsive).
Not run by pytest.

    .venv/bin/python tests/benchmarks/bench_note.py [--megabytes 5] [--seconds 12]

The note is real text: abstracts of the benchmark corpus
(../shared/corpus/large/arxiv_daily_dwdengwei_00.jsonl.xz, see ../shared/corpus/SOURCES.md),
written as Markdown (a heading and a paragraph a paper) until it reaches the size asked for;
without the corpus, the bundled sample's abstracts repeated. The window is opened on a library
of the sample, the note is opened with ``n`` and a key is typed every 40 ms, as a fast typist
does, while the note is saved (every 0.7 s) and previewed as it would be for a user. For each
key it reports how late the window handled it (the time since it was due, which includes any
save or preview the window was busy with) and the time to handle it.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from papershelf.core import operations as ops  # noqa: E402
from papershelf.core.importing import choose_importer, import_source, open_source  # noqa: E402
from papershelf.core.session import Shelf  # noqa: E402
from papershelf.ui.window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "large" / "arxiv_daily_dwdengwei_00.jsonl.xz"
SAMPLE = ROOT / "resources" / "sample-trending-papers.txt"
INTERVAL_MS = 40


def note_text(size: int) -> tuple[str, str]:
    """Markdown of about ``size`` characters of real abstracts; and where they came from."""
    parts: list[str] = []
    total = 0
    if CORPUS.is_file():
        source = CORPUS.name
        with lzma.open(CORPUS, "rt", encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                abstract = row.get("summary") or row.get("abstract") or ""
                block = f"## {row.get('title', '')}\n\n{abstract}\n\n"
                parts.append(block)
                total += len(block)
                if total >= size:
                    break
    else:
        source = SAMPLE.name + " (repeated)"
        text = SAMPLE.read_text(encoding="utf-8")
        while total < size:
            parts.append(text)
            total += len(text)
    return "".join(parts)[:size], source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=12.0)
    args = parser.parse_args()
    note, source = note_text(int(args.megabytes * 1_000_000))
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="papershelf-bench-note-") as tmp:
        folder = Path(tmp) / "library"
        with Shelf(folder) as shelf:
            sample = open_source(SAMPLE)
            import_source(shelf.library, sample, choose_importer(sample))
            ops.set_note(shelf.library, 1, note)
        shelf = Shelf(folder)
        window = MainWindow(shelf, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        lags: list[float] = []
        handling: list[float] = []
        keys = int(args.seconds * 1000 / INTERVAL_MS)
        state = {"due": 0.0, "typed": 0}

        def opened() -> None:
            window.list.select_row(window.model.row_of(1) or 0)
            started = time.perf_counter()
            window.edit_note()
            print(f"opening the note: {(time.perf_counter() - started) * 1000:.0f} ms")
            window.notes.editor.moveCursor(window.notes.editor.textCursor().MoveOperation.End)
            state["due"] = time.perf_counter()
            QTimer.singleShot(0, tick)

        def tick() -> None:
            now = time.perf_counter()
            lags.append(now - state["due"])
            QTest.keyClick(window.notes.editor, "abcdefghij "[state["typed"] % 11])
            handling.append(time.perf_counter() - now)
            state["typed"] += 1
            if state["typed"] >= keys:
                QTimer.singleShot(1500, app.quit)  # the last save and preview
                return
            state["due"] += INTERVAL_MS / 1000
            QTimer.singleShot(max(0, int((state["due"] - time.perf_counter()) * 1000)), tick)

        QTimer.singleShot(2000, opened)
        app.exec()
        saved = len(window.library.paper(1)["note"])
        window.close()
        shelf.close()

    def ms(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000

    print(
        f"note: {len(note) / 1e6:.1f} MB of {source}; {len(lags)} keys, one every {INTERVAL_MS} ms"
    )
    for name, values in (("late by", lags), ("handled in", handling)):
        print(
            f"{name:>10}: median {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {ms(values, 0.95):.1f} ms, max {max(values) * 1000:.1f} ms"
        )
    print(f"saved note: {saved:,} characters (typed {state['typed']} into {len(note):,})")


if __name__ == "__main__":
    main()

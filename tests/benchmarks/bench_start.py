"""Start to an interactive window at 0, 10k and 75k papers, and memory with 75k open (design §9).

    .venv/bin/python tests/benchmarks/bench_start.py [--runs N]

Each library is built once into the benchmark cache (the first 10,000 and all 74,728 arXiv
papers of ``../shared/corpus/large``, indexed). Each run starts a new process,
``papershelf --library DIR --quit-when-ready`` headless (``QT_QPA_PLATFORM=offscreen``), as a
launcher would, and times it from launch to two lines the window prints as they happen: its
first list is on screen and taking keys (interactive), and its index is open in the background
(ready; then it closes). The ready line gives the time from the window's start to its list,
and the resident memory then. The process floor is timed too: Python importing PySide6 and
making an application, nothing else.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from large_corpus import CACHE, arxiv_jsonl

from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf

SIZES = (0, 10_000, 74_728)
READY = re.compile(r"ready in ([\d.]+) s \(list shown in ([\d.]+) s.*?(?:; ([\d.]+) MB resident)?$")
FLOOR = "from PySide6.QtWidgets import QApplication; QApplication([])"


def library(size: int) -> Path:
    """A library of the first ``size`` arXiv papers, indexed (made once)."""
    folder = CACHE / f"start-{size}"
    if (folder / "library.sqlite").exists():
        return folder
    part = CACHE / f"arxiv-first-{size}.jsonl"
    if size and not part.exists():
        with arxiv_jsonl().open(encoding="utf-8") as source, part.open("w") as out:
            out.writelines(itertools.islice(source, size))
    with Shelf(folder) as shelf:
        if size:
            opened = open_source(part)
            import_source(shelf.library, opened, choose_importer(opened))
        shelf.index.ensure()
    return folder


def start(folder: Path, env: dict[str, str]) -> tuple[float, float, float, float | None]:
    """(launch to interactive, launch to ready, window start to list shown, resident MB) of
    one start. Interactive is the arrival of the window's "list shown" line, printed the
    moment its first list is on screen and taking keys."""
    began = time.perf_counter()
    command = [sys.executable, "-m", "papershelf", "--library", str(folder), "--quit-when-ready"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as window:
        assert window.stdout is not None
        shown = window.stdout.readline()
        interactive = time.perf_counter() - began
        assert shown.startswith("papershelf: list shown"), shown
        line = window.stdout.readline()
        window.stdout.read()
        assert window.wait(timeout=120) == 0
    took = time.perf_counter() - began  # to the exit: the window closes right after
    found = READY.search(line.rstrip())
    assert found, line
    memory = float(found.group(3)) if found.group(3) else None
    return interactive, took, float(found.group(2)), memory


def floor(env: dict[str, str], runs: int) -> float:
    """The median time of Python importing PySide6 and making an application."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR], env=env, check=True, timeout=60)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    """Build the libraries if needed, then start the window on each, several times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # A start as a user's: Python keeps the compiled modules (with this set, every start
    # would compile papershelf's sources again, a third of a second).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["HOME"] = str(CACHE / "start-home")  # settings of its own, not the user's
    print(f"process floor (Python + PySide6 + an application): {floor(env, args.runs):.2f} s")
    print(
        "\n| papers | launch to interactive, median (min–max) | launch to ready (index open) "
        "| window start to list | RSS at ready |"
    )
    print("|--:|--:|--:|--:|--:|")
    for size in SIZES:
        folder = library(size)
        start(folder, env)  # a first start warms the disk cache
        runs = [start(folder, env) for _ in range(args.runs)]
        interactive = sorted(r[0] for r in runs)
        ready = statistics.median(r[1] for r in runs)
        listed = statistics.median(r[2] for r in runs)
        memory = [r[3] for r in runs if r[3] is not None]
        rss = f"{statistics.median(memory):.0f} MB" if memory else "–"
        print(
            f"| {size:,} | {statistics.median(interactive):.2f} s "
            f"({interactive[0]:.2f}–{interactive[-1]:.2f}) | {ready:.2f} s "
            f"| {listed:.2f} s | {rss} |"
        )


if __name__ == "__main__":
    main()

"""Start to an interactive window at 0, 10k and 75k papers, and memory with 75k open (design §9).

    .venv/bin/python tests/benchmarks/bench_start.py [--runs N]

Each library is built once into the benchmark cache (the first 10,000 and all 74,728 arXiv
papers of ``../shared/corpus/large``, indexed). Each run starts a new process,
``papershelf --library DIR --quit-when-ready`` headless (``QT_QPA_PLATFORM=offscreen``), as a
launcher would, and times it from launch to its exit: the window prints a line once its list
is shown and its index open, then closes (a few milliseconds, counted in). The line gives the
time from the window's start to its list, and the resident memory then. The process floor is
timed too: Python importing PySide6 and making an application, nothing else.
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


def start(folder: Path, env: dict[str, str]) -> tuple[float, float, float | None]:
    """(launch to ready, window start to list shown, resident MB) of one start."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(folder), "--quit-when-ready"],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("papershelf: ready"))
    took = time.perf_counter() - began  # to the exit: the window closes right after
    found = READY.search(line)
    assert found, line
    memory = float(found.group(3)) if found.group(3) else None
    return took, float(found.group(2)), memory


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
    env["HOME"] = str(CACHE / "start-home")  # settings of its own, not the user's
    print(f"process floor (Python + PySide6 + an application): {floor(env, args.runs):.2f} s")
    print("\n| papers | launch to ready, median (min–max) | window start to list | RSS at ready |")
    print("|--:|--:|--:|--:|")
    for size in SIZES:
        folder = library(size)
        start(folder, env)  # a first start warms the disk cache
        runs = [start(folder, env) for _ in range(args.runs)]
        total = sorted(r[0] for r in runs)
        listed = statistics.median(r[1] for r in runs)
        memory = [r[2] for r in runs if r[2] is not None]
        rss = f"{statistics.median(memory):.0f} MB" if memory else "–"
        print(
            f"| {size:,} | {statistics.median(total):.2f} s ({total[0]:.2f}–{total[-1]:.2f}) "
            f"| {listed:.2f} s | {rss} |"
        )


if __name__ == "__main__":
    main()

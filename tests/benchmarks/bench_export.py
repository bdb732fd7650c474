"""Export and backup benchmark: the 75k-paper library written in every format, and backed up.
Not run by pytest.

    .venv/bin/python tests/benchmarks/bench_export.py [--library DIR] [--runs 3]

DIR is a library holding the arXiv corpus (``bench_import.py --keep DIR`` makes one; without
it, one is built first, which takes about a minute). Each format is exported as
``papershelf export`` does it (every paper, to a file written atomically; the Markdown notes to
a folder, then once more to show what updating an unchanged vault costs); the peak memory of
the process is printed at the end, to show that papers are read a chunk at a time. Then a
backup through SQLite's backup API, and ``check``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import library  # noqa: E402

from papershelf.core import backup, checkup, exporting  # noqa: E402
from papershelf.core.session import Shelf  # noqa: E402


def timed(action, runs: int) -> list[float]:
    """Seconds each run of ``action`` took."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = library(args.library)
    out = Path(tempfile.mkdtemp(prefix="papershelf-export-"))
    with Shelf(folder) as shelf:
        ids = exporting.select(shelf.library, shelf.searcher, "").ids
        print(f"{len(ids):,} papers, {args.runs} runs each (min / median / max seconds)")
        for fmt in exporting.FORMATS:
            target = out / ("vault" if fmt.folder else f"papers.{fmt.name}")

            def run(fmt=fmt, target=target) -> None:
                exporting.export(shelf.library, ids, fmt, output=target)

            if fmt.folder:
                first = timed(run, 1)[0]
                again = timed(run, args.runs)
                notes = sum(1 for _ in target.iterdir())
                print(
                    f"{fmt.name:>9}: first {first:6.1f}  again {_figures(again)}  {notes:,} notes"
                )
                shutil.rmtree(target)
            else:
                times = timed(run, args.runs)
                size = target.stat().st_size / 1e6
                print(f"{fmt.name:>9}: {_figures(times)}  {size:7.1f} MB")
                target.unlink()
        taken = timed(lambda: backup.snapshot(shelf.library, backup.MANUAL), args.runs)
        print(f"   backup: {_figures(taken)}")
        checked = timed(lambda: checkup.check(shelf), 1)
        print(f"    check: {checked[0]:6.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")
    shutil.rmtree(out, ignore_errors=True)


def _figures(times: list[float]) -> str:
    return f"{min(times):6.2f} {statistics.median(times):6.2f} {max(times):6.2f}"


if __name__ == "__main__":
    main()

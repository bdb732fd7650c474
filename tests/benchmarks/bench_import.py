"""Import benchmark (design §9): the 74,728-paper arXiv corpus and 30,000 PubMed articles.

    .venv/bin/python tests/benchmarks/bench_import.py [--keep DIR]

For each corpus, into a fresh library: time until the papers are browsable (the import's
transaction committed: the window can list them), then until full-text search is complete
(the index has caught up), and peak memory of this process and of the indexing workers.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from large_corpus import arxiv_jsonl, pubmed_xml

from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf


def bench(path: Path, folder: Path) -> dict[str, float]:
    """Import one file into a fresh library; return its timings."""
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    with Shelf(folder) as shelf:
        source = open_source(path)
        report = import_source(shelf.library, source, choose_importer(source))
        browsable = time.perf_counter() - started
        shelf.index.ensure()
        searchable = time.perf_counter() - started
        assert shelf.index.differences() == [], "index out of step after the import"
    return {"papers": report.new, "browsable": browsable, "searchable": searchable}


def main() -> None:
    """Run both corpora and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="leave the arXiv library in this folder")
    args = parser.parse_args()
    inputs = {"arXiv JSONL": arxiv_jsonl(), "PubMed XML": pubmed_xml()}  # unpacked, untimed
    scratch = Path(tempfile.mkdtemp(prefix="papershelf-bench-"))
    print("| corpus | papers | browsable (s) | papers/s | searchable (s) | papers/s |")
    print("|---|--:|--:|--:|--:|--:|")
    for name, path in inputs.items():
        folder = args.keep if args.keep and name == "arXiv JSONL" else scratch / name
        r = bench(path, folder)
        print(
            f"| {name} | {r['papers']:,} | {r['browsable']:.1f} | "
            f"{r['papers'] / r['browsable']:,.0f} | {r['searchable']:.1f} | "
            f"{r['papers'] / r['searchable']:,.0f} |",
            flush=True,
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\npeak memory: {own:.0f} MB (importing process), {workers:.0f} MB (largest "
        "indexing worker)"
    )
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

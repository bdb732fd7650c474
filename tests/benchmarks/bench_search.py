"""Search benchmark (design §9): realistic queries on the 75k-paper library, Whoosh vs FTS5.

    .venv/bin/python tests/benchmarks/bench_search.py [--library DIR]

DIR is a library holding the arXiv corpus (``bench_import.py --keep DIR`` makes one; without
it, one is built first). Each query runs as the search box runs it (``Searcher.search``: the
parse, the index, the SQLite filters, every matching id in order) with prefix-while-typing on
(the last word also matches as a prefix, as when the cursor is at its end) several times,
each run cold:
the kept answers and posting lists are dropped first, as when the index has just changed (the
files themselves stay in the operating system's cache). The same text queries run against an
SQLite FTS5 table of the same papers in the same run, as the physical reference the targets
are set against; there the last word is a prefix too (``"word"*``), and a fuzzy word is
searched as the word.

Then a query is typed a key at a time (``retrieval augmented generation``), each prefix searched
as the window searches it, with the kept posting lists of the keys before (as in the window)
and cold.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from large_corpus import arxiv_jsonl

from papershelf.core import operations as ops
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf

# What people type: topics, methods, a phrase, a prefix, a name, with and without filters.
QUERIES = [
    "retrieval augmented generation",
    "gaussian splatting",
    "diffusion",
    "vision transformer",
    "reinforcement learning from human feedback",
    "chain of thought reasoning",
    '"large language models"',
    "mixture of experts",
    "speculative decoding",
    "3d reconstruction",
    "medical image segmentation",
    "contrastive learning",
    "hallucination",
    "kv cache",
    "quantization",
    "autonomous driving",
    "graph neural network",
    "retriev*",
    "diffusion is:unread",
    "tag:bench",
    "benchmark tag:bench",
    "lora fine-tuning",
    "multimodal agents",
    "video generation",
    "knowledge distillation",
    '"state space model"',
    "transfomer~",
    "retreival~",
    "memoriz*",
]
TYPED = "retrieval augmented generation"


def fts_query(query: str) -> str:
    """The text part of a query in FTS5 syntax: each word quoted, prefixes and phrases kept."""
    text = query.replace("is:unread", "").replace("tag:bench", "").strip()
    if text.startswith('"'):
        return text
    words = [w.rstrip("~") for w in text.split()]
    if words and not words[-1].endswith("*") and not text.endswith(("~", '"')):
        words[-1] += "*"  # the prefix while typing
    return " ".join(f'"{w[:-1]}"*' if w.endswith("*") else f'"{w}"' for w in words)


def library(folder: Path | None) -> Path:
    """A library with the arXiv corpus, built when not given."""
    if folder and (folder / "library.sqlite").exists():
        return folder
    folder = folder or Path(tempfile.mkdtemp(prefix="papershelf-search-"))
    with Shelf(folder) as shelf:
        source = open_source(arxiv_jsonl())
        import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
    return folder


def fts_table(db_path: Path) -> sqlite3.Connection:
    """An in-memory FTS5 index of the same papers (title, abstract, authors), Porter-stemmed."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"ATTACH DATABASE 'file:{db_path}?mode=ro' AS lib")
    conn.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, abstract, authors, tokenize='porter unicode61')"
    )
    conn.execute(
        "INSERT INTO fts (rowid, title, abstract, authors) "
        "SELECT id, title, abstract, authors FROM lib.papers"
    )
    conn.commit()
    return conn


def timed(action, runs: int = 5) -> float:
    """Median wall time of ``action`` in milliseconds (after one warm-up run)."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def typing(shelf: Shelf) -> tuple[list[float], list[float]]:
    """Each prefix of TYPED searched as typed: after the keys before it, and cold."""
    warm, cold = [], []
    shelf.index.forget_answers()
    for end in range(1, len(TYPED) + 1):
        text = TYPED[:end]
        started = time.perf_counter()
        shelf.searcher.search(text, typing=True)
        warm.append((time.perf_counter() - started) * 1000)
    for end in range(1, len(TYPED) + 1):
        text = TYPED[:end]
        shelf.index.forget_answers()
        started = time.perf_counter()
        shelf.searcher.search(text, typing=True)
        cold.append((time.perf_counter() - started) * 1000)
    return warm, cold


def main() -> None:
    """Time every query in both engines and print a table and the percentiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path)
    folder = library(parser.parse_args().library)
    with Shelf(folder) as shelf:
        shelf.index.ensure()
        ids = shelf.searcher.search("").ids[:500]
        ops.add_tag(shelf.library, ids, "bench")
        fts = fts_table(shelf.library.db_path)
        whoosh_ms, fts_ms = [], []
        print("| query | matches | papershelf (ms) | FTS5 (ms) |")
        print("|---|--:|--:|--:|")
        for query in QUERIES:
            found = shelf.searcher.search(query, typing=True)
            ms = timed(
                lambda q=query: (
                    shelf.index.forget_answers(),
                    shelf.searcher.search(q, typing=True),
                )
            )
            text = fts_query(query)
            reference = (
                timed(
                    lambda t=text: fts.execute(
                        "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank", [t]
                    ).fetchall()
                )
                if text
                else 0.0
            )
            whoosh_ms.append(ms)
            if text:
                fts_ms.append(reference)
            print(f"| `{query}` | {found.total:,} | {ms:.1f} | {reference:.1f} |", flush=True)
        ops.remove_tag(shelf.library, ids, "bench")
        typed_warm, typed_cold = typing(shelf)
    print(
        f"\ntyping {TYPED!r} a key at a time ({len(typed_warm)} searches): "
        f"p50 {percentile(typed_warm, 0.5):.1f} ms, p95 {percentile(typed_warm, 0.95):.1f} ms, "
        f"worst {max(typed_warm):.1f} ms; each cold: p50 {percentile(typed_cold, 0.5):.1f} ms, "
        f"p95 {percentile(typed_cold, 0.95):.1f} ms, worst {max(typed_cold):.1f} ms"
    )
    print(
        f"\npapershelf: p50 {percentile(whoosh_ms, 0.5):.1f} ms, "
        f"p95 {percentile(whoosh_ms, 0.95):.1f} ms, worst {max(whoosh_ms):.1f} ms"
    )
    print(
        f"FTS5:       p50 {percentile(fts_ms, 0.5):.1f} ms, "
        f"p95 {percentile(fts_ms, 0.95):.1f} ms, worst {max(fts_ms):.1f} ms"
    )


if __name__ == "__main__":
    main()

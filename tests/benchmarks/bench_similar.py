"""Related papers and Read next (design §9): precision against arXiv categories, and timings.

    .venv/bin/python tests/benchmarks/bench_similar.py [--library DIR] [--queries N]
        [--readers N] [--seed S] [--no-baseline]

The 74,728 arXiv papers are imported with their categories removed (the JSON importer would
keep them as keywords; the library is checked to hold none), so the ranking cannot lean on
them; the categories are then the ground truth:

- Related: for each of N random papers, how many of its 10 related papers list its primary
  category (``loose``), and how many have it as their own primary category (``strict``).
- Read next: a simulated reader has read 10 papers of each of 3 categories (drawn from the
  categories that are the primary one of at least 100 papers); how many of the 20 unread
  papers ranked first share a category with them. The same again with the 30 papers under a
  tag (``read-next --tag``), and with a random pick of unread papers for scale.

Against it, in the same run, arxiv-sanity-lite's method on the same papers: its tf-idf features
(``compute.py``: title, abstract and authors; words and word pairs; sublinear tf; l2 norm;
20,000 features, min_df 5, max_df 0.1), cosine similarity for related papers, and a linear
SVM per reader for read next (``serve.py``: ``LinearSVC(class_weight="balanced", C=0.01,
tol=1e-6, max_iter=10000)``, the read papers positive, every other paper negative).
scikit-learn is the ``bench`` extra; only this benchmark imports it.

Timings are of the calls as the window's worker makes them (library and index open, posting
lists and document frequencies kept between calls), and cold (all that dropped first, as after
the index changed). Each reader is a new profile, so even "index open" reads mostly new lists.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from large_corpus import CACHE, arxiv_jsonl

from papershelf.core import operations as ops
from papershelf.core import similar
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf

READ_PER_CATEGORY = 10
CATEGORIES_PER_READER = 3
MIN_PRIMARY = 100  # papers a category must be the primary one of to be a reader's
TOP_RELATED, TOP_NEXT = 10, 20


def categories() -> dict[str, list[str]]:
    """Each arXiv id's categories, primary first, from the corpus."""
    found = {}
    with arxiv_jsonl().open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            found[record["id"]] = record.get("categories") or []
    return found


def without_categories() -> Path:
    """The corpus with every record's categories removed (made once, in the cache)."""
    target = CACHE / "arxiv-74728-no-categories.jsonl"
    if not target.exists():
        partial = target.with_suffix(".part")
        with arxiv_jsonl().open(encoding="utf-8") as stream, partial.open("w") as out:
            for line in stream:
                record = json.loads(line)
                record.pop("categories", None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial.rename(target)
    return target


def library(folder: Path | None) -> Path:
    """A library of the corpus without categories, built when not given."""
    if folder and (folder / "library.sqlite").exists():
        return folder
    folder = folder or Path(tempfile.mkdtemp(prefix="papershelf-similar-"))
    with Shelf(folder) as shelf:
        source = open_source(without_categories())
        import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
    return folder


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def forget(shelf: Shelf) -> None:
    """Drop what the index and ``core.similar`` keep between calls (posting lists, document
    frequencies), as a change to the index does."""
    shelf.index.forget_answers()
    similar._KEPT.clear()


def timed(action: Callable[[], list[int]], times: list[float]) -> list[int]:
    """Run ``action``, adding its wall time in milliseconds to ``times``."""
    started = time.perf_counter()
    answer = action()
    times.append((time.perf_counter() - started) * 1000)
    return answer


class Baseline:
    """arxiv-sanity-lite's features and rankings over the same papers."""

    def __init__(self, rows: list[tuple]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            input="content",
            encoding="utf-8",
            decode_error="replace",
            strip_accents="unicode",
            lowercase=True,
            analyzer="word",
            stop_words="english",
            token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
            ngram_range=(1, 2),
            max_features=20000,
            norm="l2",
            use_idf=True,
            smooth_idf=True,
            sublinear_tf=True,
            max_df=0.1,
            min_df=5,
        )
        corpus = [
            " ".join([title, abstract, " ".join(json.loads(authors))])
            for *_, title, abstract, authors in rows
        ]
        self.x = vectorizer.fit_transform(corpus).astype(np.float32).tocsr()
        self.ids = np.array([row[0] for row in rows])
        self.row = {pid: n for n, pid in enumerate(self.ids.tolist())}

    def related(self, paper_id: int, limit: int) -> list[int]:
        """The papers of highest tf-idf cosine with one paper."""
        row = self.row[paper_id]
        scores = (self.x @ self.x[row].T).toarray().ravel()
        scores[row] = -np.inf
        return self._best(scores, limit)

    def read_next(self, read: list[int], limit: int) -> list[int]:
        """The papers a linear SVM trained on the read papers ranks first."""
        from sklearn.svm import LinearSVC

        rows = [self.row[pid] for pid in read]
        labels = np.zeros(self.x.shape[0])
        labels[rows] = 1
        svm = LinearSVC(class_weight="balanced", C=0.01, tol=1e-6, max_iter=10000)
        scores = svm.fit(self.x, labels).decision_function(self.x)
        scores[rows] = -np.inf
        return self._best(scores, limit)

    def _best(self, scores: np.ndarray, limit: int) -> list[int]:
        top = np.argpartition(-scores, limit)[:limit]
        return self.ids[top[np.argsort(-scores[top])]].tolist()


class Truth:
    """The categories of the library's papers."""

    def __init__(self, rows: list[tuple], found: dict[str, list[str]]):
        self.of = {pid: found.get(arxiv_id or "", []) for pid, arxiv_id, *_ in rows}
        self.by_primary: dict[str, list[int]] = defaultdict(list)
        for pid, cats in self.of.items():
            if cats:
                self.by_primary[cats[0]].append(pid)

    def related_hits(self, paper_id: int, found: list[int]) -> tuple[float, float]:
        """(loose, strict) precision of a related list."""
        primary = self.of[paper_id][0]
        loose = sum(primary in self.of[pid] for pid in found) / TOP_RELATED
        strict = sum(self.of[pid][:1] == [primary] for pid in found) / TOP_RELATED
        return loose, strict

    def shared(self, wanted: set[str], found: list[int]) -> float:
        """Precision of a read-next list for a reader of ``wanted`` categories."""
        return sum(bool(wanted & set(self.of[pid])) for pid in found) / TOP_NEXT


def bench_related(shelf: Shelf, truth: Truth, baseline: Baseline | None, queries: list[int]):
    """Precision and times of related papers, ours and the baseline's."""
    ours, theirs, warm, cold, reference = [], [], [], [], []
    for number, pid in enumerate(queries):
        found = timed(
            lambda p=pid: [s.id for s in similar.related(shelf.library, shelf.index, p)], warm
        )
        ours.append(truth.related_hits(pid, found))
        if number % 5 == 0:  # a fifth of them again, cold
            forget(shelf)
            timed(lambda p=pid: similar.related(shelf.library, shelf.index, p), cold)
        if baseline is not None:
            found = timed(lambda p=pid: baseline.related(p, TOP_RELATED), reference)
            theirs.append(truth.related_hits(pid, found))
    return ours, theirs, warm, cold, reference


def bench_read_next(shelf: Shelf, truth: Truth, baseline: Baseline | None, readers: list):
    """Precision and times of read next (profile, tag), the baseline's, and random picks."""
    results: dict[str, list[float]] = defaultdict(list)
    times: dict[str, list[float]] = defaultdict(list)
    everyone = list(truth.of)
    rng = random.Random(0)
    lib, index = shelf.library, shelf.index
    for wanted, read in readers:
        ops.set_status(lib, read, "read")
        found = timed(
            lambda: [s.id for s in similar.read_next(lib, index, limit=TOP_NEXT)], times["warm"]
        )
        assert not set(found) & set(read)
        results["ours"].append(truth.shared(wanted, found))
        forget(shelf)
        timed(lambda: similar.read_next(lib, index, limit=TOP_NEXT), times["cold"])
        ops.set_status(lib, read, "unread")
        ops.add_tag(lib, read, "bench")
        found = timed(
            lambda: [s.id for s in similar.read_next(lib, index, "bench", TOP_NEXT)], times["tag"]
        )
        results["tag"].append(truth.shared(wanted, found))
        ops.remove_tag(lib, read, "bench")
        pool = [pid for pid in rng.sample(everyone, TOP_NEXT * 3) if pid not in read]
        results["random"].append(truth.shared(wanted, pool[:TOP_NEXT]))
        if baseline is not None:
            found = timed(lambda r=read: baseline.read_next(r, TOP_NEXT), times["baseline"])
            results["baseline"].append(truth.shared(wanted, found))
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return results, times


def simulated_readers(truth: Truth, count: int, rng: random.Random) -> list:
    """Readers of a few categories each, with the papers they have read."""
    eligible = sorted(c for c, ids in truth.by_primary.items() if len(ids) >= MIN_PRIMARY)
    readers = []
    for _ in range(count):
        wanted = rng.sample(eligible, CATEGORIES_PER_READER)
        read = [pid for c in wanted for pid in rng.sample(truth.by_primary[c], READ_PER_CATEGORY)]
        readers.append((set(wanted), read))
    return readers


def main() -> None:
    """Build or open the library, run both benchmarks and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path)
    parser.add_argument(
        "--queries", type=int, default=1000, help="papers whose related list is judged"
    )
    parser.add_argument("--readers", type=int, default=100, help="simulated readers")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-baseline", action="store_true", help="skip arxiv-sanity-lite's")
    args = parser.parse_args()
    folder = library(args.library)
    with Shelf(folder) as shelf:
        shelf.index.ensure()
        conn = shelf.library.conn
        assert (
            conn.execute("SELECT count(*) FROM papers WHERE keywords <> '[]'").fetchone()[0] == 0
        ), "the benchmark library holds keywords (categories?): rebuild it"
        assert (
            conn.execute("SELECT count(*) FROM papers WHERE status <> 'unread'").fetchone()[0] == 0
        )
        rows = conn.execute(
            "SELECT id, arxiv_id, title, abstract, authors FROM papers ORDER BY id"
        ).fetchall()
        truth = Truth(rows, categories())
        rng = random.Random(args.seed)
        queries = rng.sample([pid for pid, cats in truth.of.items() if cats], args.queries)
        readers = simulated_readers(truth, args.readers, rng)
        started = time.perf_counter()
        baseline = None if args.no_baseline else Baseline(rows)
        if baseline is not None:
            print(f"baseline features: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        related = bench_related(shelf, truth, baseline, queries)
        next_results, next_times = bench_read_next(shelf, truth, baseline, readers)
    report(len(rows), args, related, next_results, next_times)


def report(papers: int, args: argparse.Namespace, related, next_results, next_times) -> None:
    """Print the precision and timing tables."""
    ours, theirs, warm, cold, reference = related
    mean = statistics.fmean
    print(
        f"\n{papers:,} papers; {args.queries} related queries, {args.readers} readers, "
        f"seed {args.seed}\n"
    )
    print(
        "| method | related P@10 (lists primary) | related P@10 (same primary) | read next P@20 |"
    )
    print("|---|--:|--:|--:|")
    print(
        f"| Papershelf | {mean(o[0] for o in ours):.3f} | {mean(o[1] for o in ours):.3f} "
        f"| {mean(next_results['ours']):.3f} |"
    )
    print(f"| Papershelf, read-next --tag | | | {mean(next_results['tag']):.3f} |")
    if theirs:
        print(
            f"| arxiv-sanity-lite (tf-idf cosine; tf-idf + SVM) | {mean(t[0] for t in theirs):.3f} "
            f"| {mean(t[1] for t in theirs):.3f} | {mean(next_results['baseline']):.3f} |"
        )
    print(f"| random unread papers | | | {mean(next_results['random']):.3f} |")
    if args.readers > 100:  # each hundred readers apart: how much the figures vary
        print("\n| readers | Papershelf | arxiv-sanity-lite |\n|---|--:|--:|")
        for start in range(0, args.readers, 100):
            ours_part = next_results["ours"][start : start + 100]
            theirs_part = next_results["baseline"][start : start + 100]
            print(
                f"| {start + 1}-{start + len(ours_part)} | {mean(ours_part):.3f} "
                f"| {mean(theirs_part) if theirs_part else float('nan'):.3f} |"
            )
    print("\n| call | p50 (ms) | p95 (ms) | worst (ms) |")
    print("|---|--:|--:|--:|")
    rows = [
        ("related (index open)", warm),
        ("related, cold", cold),
        ("read next (index open)", next_times["warm"]),
        ("read next, cold", next_times["cold"]),
        ("read next --tag", next_times["tag"]),
        ("arxiv-sanity-lite related", reference),
        ("arxiv-sanity-lite read next (SVM fit)", next_times["baseline"]),
    ]
    for name, values in rows:
        if values:
            print(
                f"| {name} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} "
                f"| {max(values):.1f} |"
            )


if __name__ == "__main__":
    main()

"""The stemmer, measured: Whoosh's old Porter against Snowball English (PyStemmer) on a library's
own words.

    .venv/bin/python tests/benchmarks/bench_stemmer.py [--library DIR]

DIR is a library (default: the bundled sample, imported into a temporary folder). For each
stemmer: how many stems the library's words fall into, how many of a list of word families
(the forms a person writes of one idea) end as one stem, the families split, and the time per
word. A family split means a search for one form misses papers holding another.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import Stemmer
from whoosh.lang.porter import stem as porter

from papershelf.core.importers import by_name
from papershelf.core.importing import import_source, open_source
from papershelf.core.session import Shelf

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-trending-papers.txt"
FAMILIES = [
    ("specializing", "specialized", "specialization", "specialize"),
    ("generalize", "generalization", "generalizing", "generalized"),
    ("memorize", "memorization", "memorizing", "memorized"),
    ("retrieve", "retrieval", "retrieving", "retrieved"),
    ("optimize", "optimization", "optimizing", "optimized"),
    ("regularize", "regularization", "regularized"),
    ("quantize", "quantization", "quantized", "quantizing"),
    ("tokenize", "tokenization", "tokenizer", "tokenized"),
    ("personalize", "personalization", "personalized"),
    ("summarize", "summarization", "summarizing", "summarized"),
    ("hallucinate", "hallucination", "hallucinations", "hallucinating"),
    ("align", "alignment", "aligned", "aligning"),
    ("reason", "reasoning", "reasons", "reasoned"),
    ("distill", "distillation", "distilled", "distilling"),
    ("segment", "segmentation", "segmenting", "segmented"),
    ("adapt", "adaptation", "adapting", "adapted"),
    ("scale", "scaling", "scaled", "scales"),
    ("normalize", "normalization", "normalized"),
    ("parallelize", "parallelization", "parallelized"),
    ("visualize", "visualization", "visualizing"),
]


def words_of(folder: Path | None) -> list[str]:
    """The library's words as written (its vocabulary)."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="papershelf-stem-")) / "library"
        with Shelf(folder) as shelf:
            import_source(shelf.library, open_source(SAMPLE), by_name("hf-page"))
    with Shelf(folder) as shelf:
        shelf.index.ensure()
        return list(shelf.index.vocabulary().words)


def main() -> None:
    """Print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path)
    words = [w for w in words_of(parser.parse_args().library) if w.isalpha()]
    snowball = Stemmer.Stemmer("english")
    stemmers = {"whoosh porter": porter, "snowball english": snowball.stemWord}
    print(f"{len(words):,} words of letters in the library\n")
    print("| stemmer | stems | families kept whole | us a word | families split |")
    print("|---|--:|--:|--:|---|")
    for name, stem in stemmers.items():
        started = time.perf_counter()
        stems = {stem(w) for w in words}
        per_word = (time.perf_counter() - started) / max(1, len(words)) * 1e6
        split = [f[0] for f in FAMILIES if len({stem(w) for w in f}) > 1]
        whole = len(FAMILIES) - len(split)
        print(
            f"| {name} | {len(stems):,} | {whole}/{len(FAMILIES)} | {per_word:.1f} | "
            f"{', '.join(split) or '-'} |"
        )


if __name__ == "__main__":
    main()

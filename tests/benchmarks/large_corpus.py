"""Where the benchmark corpora are, unpacked once into a cache folder. Not a test module.

The corpora live in ``../shared/corpus/large/`` beside the project (or ``$PAPERSHELF_CORPUS``):
74,728 arXiv papers as two ``.jsonl.xz`` files and 30,000 PubMed articles as one ``.xml.gz``,
described in ``../shared/corpus/SOURCES.md``. Unpacking is not part of any timing.
"""

from __future__ import annotations

import gzip
import lzma
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parents[2]
ARXIV = ("arxiv_daily_dwdengwei_00.jsonl.xz", "arxiv_daily_dwdengwei_01.jsonl.xz")
PUBMED = "pubmed20n0014.xml.gz"
CACHE = Path(tempfile.gettempdir()) / "papershelf-bench"


def corpus_dir() -> Path:
    """The folder of large corpora, or exit with one sentence saying where to get it."""
    folder = Path(os.environ.get("PAPERSHELF_CORPUS", ROOT.parent / "shared" / "corpus" / "large"))
    if not all((folder / name).is_file() for name in (*ARXIV, PUBMED)):
        sys.exit(
            f"benchmark corpus not found in {folder}: it ships beside the project as "
            "shared/corpus/large/ (see shared/corpus/SOURCES.md); set PAPERSHELF_CORPUS to "
            "its folder."
        )
    return folder


def arxiv_jsonl() -> Path:
    """The 74,728 arXiv papers as one unpacked JSON Lines file."""

    def unpack(out: BinaryIO) -> None:
        for name in ARXIV:
            with lzma.open(corpus_dir() / name) as stream:
                shutil.copyfileobj(stream, out)

    return _unpacked("arxiv-74728.jsonl", unpack)


def pubmed_xml() -> Path:
    """The 30,000 PubMed articles as one unpacked XML file."""

    def unpack(out: BinaryIO) -> None:
        with gzip.open(corpus_dir() / PUBMED) as stream:
            shutil.copyfileobj(stream, out)

    return _unpacked("pubmed20n0014.xml", unpack)


def _unpacked(name: str, unpack: Callable[[BinaryIO], None]) -> Path:
    """The cached file ``name``, unpacked once (into a partial file renamed when complete)."""
    target = CACHE / name
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with partial.open("wb") as out:
            unpack(out)
        partial.rename(target)
    return target

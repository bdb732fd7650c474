"""Everything that reads or writes Whoosh's files below its public API, in one place.

Whoosh is pure Python, and its own paths were too slow for a 75k-paper library: building the
index took minutes, a broad query hundreds of milliseconds. The fast paths here do the same
work on Whoosh's own files and formats, so an index they write is one Whoosh reads, and the
other way round:

- ``tuning``: the analyzer (``PaperAnalyzer``: Snowball stems in one pass), the positions
  format (``PaperPositions``) and the codec (``PaperCodec``: Whoosh's W3 codec with short
  posting lists inlined and blocks laid out as arrays). These three are pickled into the
  index's table of contents by class name.
- ``ranking``: answers the search box's queries from whole posting lists with numpy.
- ``bulk_segment``: writes a new segment in one go (the bulk indexing path).
- ``parallel``: builds segments in worker processes and commits them together.

What they rely on, all of whoosh-reloaded 2.7.5 (``PINNED``; pyproject.toml pins it exactly):

- the W3 codec's files: the term table (``OrderedHashWriter`` entries: key and value lengths,
  ``W3TermInfo.to_bytes`` with inlined postings pickled after it), the postings file (a block
  list magic, then blocks: a signed size, a pickled header of count, last id, max weight,
  compression and length bytes, and the pickled gaps, weights and values), the per-document
  length columns (``_lenfield``, ``LENGTHS_COLUMN``) and fixed-width numeric columns
  (``_dbfile``, ``_basepos``, ``_count``, ``_fixedlen``);
- private members of Whoosh's writers and readers: ``W3PostingsWriter`` (``_ids``,
  ``_weights``, ``_values``, ``_blockcount``, ``_terminfo``, ``_new_block``; its
  ``set_inline`` typo is mended there), ``W3PerDocReader._cached_reader``, the leaf reader's
  ``_terms``, ``_perdoc`` and ``_segment``, ``SegmentWriter``'s ``docnum``, ``perdocwriter``,
  ``fieldwriter`` (``_fieldid``, ``_postfile``, ``_tindex``), ``_flush_segment``,
  ``_finalize_segment``, ``_merge_segments``, ``_close_segment``, ``_commit_toc`` and
  ``_finish``;
- BM25F's ``B`` and ``K1`` and ``Searcher.idf``, so that scores are Whoosh's own.

``fast()`` checks the installed version once. Another version (or ``PAPERSHELF_PLAIN_WHOOSH``
set) turns the fast paths off, loudly (a warning in the log, and ``papershelf check`` says
it): the index is then built with Whoosh's own writer and codec, searched with Whoosh's own
searcher and read through its public API. Slower, the same papers found. What the fast paths
do not write, they refuse: the bulk writer refuses a schema with term vectors or spelling
words, and the ranker hands any query it does not know back to Whoosh.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
from functools import cache

log = logging.getLogger(__name__)
PINNED = "2.7.5"


def installed() -> str:
    """The installed whoosh-reloaded version ("" if its metadata cannot be found)."""
    try:
        return importlib.metadata.version("whoosh-reloaded")
    except importlib.metadata.PackageNotFoundError:
        return ""


@cache
def fast() -> bool:
    """Whether the fast paths may run: the installed Whoosh is the one they were written for."""
    if os.environ.get("PAPERSHELF_PLAIN_WHOOSH"):
        log.warning("PAPERSHELF_PLAIN_WHOOSH is set: Whoosh's own (slower) paths are used")
        return False
    version = installed()
    if version != PINNED:
        log.warning(unsupported(version))
        return False
    return True


def unsupported(version: str) -> str:
    """The sentence for a Whoosh the fast paths were not written for."""
    return (
        f"whoosh-reloaded {version or '(unknown version)'} is installed, but Papershelf's fast "
        f"index paths were written for {PINNED}: indexing and searching use Whoosh's own, "
        f"slower paths; install whoosh-reloaded=={PINNED} for the fast ones."
    )

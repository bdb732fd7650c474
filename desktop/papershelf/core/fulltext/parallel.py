"""Adding many papers to the Whoosh index with every core, in worker processes.

Whoosh is pure Python: one process indexes about 300 arXiv abstracts a second here, and in a
thread it would hold the GIL the window needs. So bulk work (a rebuild, a 75k-paper import)
goes to worker processes, one per core. Each reads its share of the papers straight from
SQLite (read-only), writes one Whoosh segment of its own, and hands the segment back; the
parent, holding the index's lock, commits them together into the table of contents. This is
what Whoosh's own ``MpWriter(multisegment=True)`` does, without the parent pickling every
document to a job file, and it uses the same two private writer steps
(``_finalize_segment`` / ``_commit_toc``) — hence the pinned whoosh-reloaded version.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import sqlite3
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import NO_MERGE

from papershelf.core.fulltext.bulk_segment import BulkSegmentWriter
from papershelf.core.fulltext.tuning import PaperCodec
from papershelf.core.workers import background

Progress = Callable[[int, int], None]
# A paper's text as the index holds it; the note field carries the comments on its highlights
# too, so that ``note:`` finds them.
SELECT = (
    "SELECT id, rev, title, abstract, authors, venue, note || coalesce((SELECT char(10) || "
    "group_concat(comment, char(10)) FROM highlights h WHERE h.paper_id = papers.id "
    "AND comment <> ''), '') FROM papers"
)
# Papers per segment: the bulk writer holds a segment's postings in memory (about 250 MB for
# 20,000 arXiv papers); larger segments hold fewer copies of the same rare terms.
SEGMENT_DOCS = 20_000


def workers() -> int:
    """How many worker processes to use: one per core, at least one."""
    return max(1, min(4, os.cpu_count() or 1))


def add_in_parallel(
    ix: whoosh_index.Index,
    db_path: Path,
    ids: list[int] | None,
    document: Callable[[tuple], dict[str, Any]],
    progress: Progress | None = None,
) -> tuple[dict[int, int], Counter[str]]:
    """Index the papers ``ids`` (None: all) as new documents; returns {id: rev indexed} and
    how many of them hold each word (``core.vocabulary``)."""
    parts = workers()
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
    counter = context.Queue()
    writer = ix.writer(codec=PaperCodec(), compound=False)  # holds the index lock meanwhile
    total = len(ids) if ids is not None else _count(db_path)
    try:
        # concurrent.futures, not multiprocessing.Pool: a worker that dies makes the pool
        # raise BrokenProcessPool instead of being replaced for ever.
        with ProcessPoolExecutor(
            parts, mp_context=context, initializer=_share_counter, initargs=(counter,)
        ) as pool:
            jobs = [
                pool.submit(
                    _build_part,
                    (ix.storage.folder, ix.indexname),
                    str(db_path),
                    ids,
                    part,
                    parts,
                    document,
                )
                for part in range(parts)
            ]
            _checkpoint(db_path)
            _wait(jobs, counter, total, progress)
            results = [job.result() for job in jobs]
        segments = writer._merge_segments(NO_MERGE, False, False)
        segments += [segment for part_segments, _, _ in results for segment in part_segments]
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    revs: dict[int, int] = {}
    words: Counter[str] = Counter()
    for _, part_revs, part_words in results:
        revs.update(part_revs)
        words.update(part_words)
    return revs, words


def _wait(jobs: list[Future], counter: Any, total: int, progress: Progress | None) -> None:
    done = 0
    while not all(job.done() for job in jobs):
        try:
            done += counter.get(timeout=0.2)
        except queue.Empty:
            continue
        if progress:
            progress(done, total)


def _checkpoint(db_path: Path) -> None:
    """Copy SQLite's log into the database file while the workers index (this process is
    idle meanwhile): a large import leaves that to the next transaction, which is the index's
    own, and it took a second there."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _count(db_path: Path) -> int:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM papers").fetchone()[0]


_counter: Any = None


def _share_counter(counter: Any) -> None:
    """Worker start-up: keep the progress queue (it can only be passed at start)."""
    global _counter
    _counter = counter
    background()


def _build_part(
    where: tuple[str, str],
    db_path: str,
    ids: list[int] | None,
    part: int,
    parts: int,
    document: Callable[[tuple], dict[str, Any]],
) -> tuple[list[Any], dict[int, int], Counter[str]]:
    """Worker: index every paper whose id falls in this part of the index (folder and
    generation) ``where``; return its new segments, and the papers' words counted."""
    counter = _counter
    folder, index_name = where
    ix = whoosh_index.open_dir(folder, index_name)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    revs: dict[int, int] = {}
    words: Counter[str] = Counter()
    segments = []
    writer: BulkSegmentWriter | None = None
    try:
        if ids is None:
            rows = conn.execute(f"{SELECT} WHERE id % ? = ?", [parts, part])
        else:
            mine = [i for i in ids if i % parts == part]
            rows = conn.execute(
                f"{SELECT} WHERE id IN (SELECT value FROM json_each(?))", [_json(mine)]
            )
        for row in rows:
            if writer is None:
                writer = BulkSegmentWriter(
                    ix, counted="text", _lk=False, codec=PaperCodec(), compound=False
                )
            writer.add_document(**document(row))
            revs[row[0]] = row[1]
            if len(revs) % 1000 == 0:
                counter.put(1000)
            if len(revs) % SEGMENT_DOCS == 0:
                words.update(writer.vocabulary)
                segments.append(writer._finalize_segment())
                writer = None
        counter.put(len(revs) % 1000)
        if writer is not None:
            words.update(writer.vocabulary)
            segments.append(writer._finalize_segment())
            writer = None
        return segments, revs, words
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    finally:
        conn.close()


def _json(values: list[int]) -> str:
    return "[" + ",".join(map(str, values)) + "]"

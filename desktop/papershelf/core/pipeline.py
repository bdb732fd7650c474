"""Parsing a large file in a worker process while this one merges what it has parsed.

A 75k-paper import spends about half its time reading and cleaning records and half merging
them into SQLite; the two run on different cores this way. The worker streams cleaned records
back in batches through a bounded queue (so memory stays flat); an error it meets comes back
as the exception. Small inputs and pasted text are parsed in-process: starting a worker costs
a few hundred milliseconds.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterator
from typing import Any

from papershelf.core import importers
from papershelf.core.errors import PapershelfError
from papershelf.core.importers import Importer, Source
from papershelf.core.records import Record, Skip
from papershelf.core.workers import die_with_parent

WORKER_BYTES = 16 * 1024 * 1024  # inputs at least this big are parsed in a worker
BATCH = 500


def cleaned_records(source: Source, importer: Importer) -> Iterator[Record | Skip]:
    """Every cleaned record and skip of ``source``, parsed here or in a worker process."""
    if source.path is None or source.size < WORKER_BYTES or importer not in importers.IMPORTERS:
        for item in importer.parse(source):
            yield item.cleaned() if isinstance(item, Record) else item
        return
    yield from _from_worker(source, importer)


def _from_worker(source: Source, importer: Importer) -> Iterator[Record | Skip]:
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
    channel: Any = context.Queue(maxsize=32)
    worker = context.Process(
        target=_produce, args=(str(source.path), importer.name, channel), daemon=True
    )
    worker.start()
    try:
        while True:
            try:
                message = channel.get(timeout=0.5)
            except queue.Empty:
                if not worker.is_alive():
                    raise RuntimeError("the import worker stopped unexpectedly") from None
                continue
            if message is None:
                return
            if isinstance(message, BaseException):
                raise message
            source.position, items = message
            yield from items
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _produce(path: str, importer_name: str, channel: Any) -> None:
    """Worker: parse and clean the file, sending batches of items, then None (or the error)."""
    die_with_parent()
    try:
        source = Source.from_path(path)
        importer = importers.by_name(importer_name)
        batch: list[Record | Skip] = []
        for item in importer.parse(source):
            batch.append(item.cleaned() if isinstance(item, Record) else item)
            if len(batch) >= BATCH:
                channel.put((source.position, batch))
                batch = []
        channel.put((source.position, batch))
        channel.put(None)
    except PapershelfError as exc:
        channel.put(exc)
    except Exception as exc:  # a bug: send it with its type and message
        channel.put(RuntimeError(f"while reading {path}: {type(exc).__name__}: {exc}"))

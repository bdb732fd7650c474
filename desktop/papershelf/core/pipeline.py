"""Parsing a large file in worker processes while this one merges what they have parsed.

A 75k-paper import spends about half its time reading and cleaning records and half merging
them into SQLite; the two run on different cores this way (JSON Lines with two parsing
workers). Workers stream cleaned records back in batches through bounded queues (so memory
stays flat); an error one meets comes back as the exception. Small inputs and pasted text are
parsed in-process: starting a worker costs a few hundred milliseconds.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from papershelf.core import importers
from papershelf.core.errors import Cancelled, PapershelfError
from papershelf.core.importers import Importer, Source
from papershelf.core.importers.base import Parsed, SharedImporter
from papershelf.core.records import Record
from papershelf.core.workers import background

WORKER_BYTES = 16 * 1024 * 1024  # inputs at least this big are parsed in a worker
BATCH = 500
SHARES = 2  # workers parsing one JSON Lines file
SHARE_LINES = 500  # lines in each worker's chunk


def cleaned_records(
    source: Source, importer: Importer, cancelled: Callable[[], bool] | None = None
) -> Iterator[Parsed]:
    """Every cleaned record and skip of ``source``, parsed here or in worker processes.

    ``cancelled`` is asked while waiting for a worker, so a cancel does not wait for the first
    records; between records the caller asks it.
    """
    if source.path is None or source.size < WORKER_BYTES or importer not in importers.IMPORTERS:
        for item in importer.parse(source):
            yield item.cleaned() if isinstance(item, Record) else item
        return
    shares = SHARES if isinstance(importer, SharedImporter) and importer.splits(source) else 1
    yield from _from_workers(source, importer, shares, cancelled or (lambda: False))


def _from_workers(
    source: Source, importer: Importer, shares: int, cancelled: Callable[[], bool]
) -> Iterator[Parsed]:
    """The records as parsed by ``shares`` workers, in file order.

    One worker parses a whole file. A file whose records stand alone (JSON Lines) can be
    shared: each worker parses every ``shares``-th chunk of lines, and the chunks are taken
    back in turn, from one bounded queue per worker. One parsing worker was the slower half of
    a 75k-paper import (merging waited for it); two keep up.
    """
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
    channels = [context.Queue(maxsize=32 // shares) for _ in range(shares)]
    workers = [
        context.Process(
            target=_produce,
            args=(str(source.path), importer.name, share, shares, SHARE_LINES, channels[share]),
            daemon=True,
        )
        for share in range(shares)
    ]
    for worker in workers:
        worker.start()
    try:
        turn = 0
        while True:
            message = _next(channels[turn % shares], workers[turn % shares], cancelled)
            if message is None:  # that worker has nothing more: the file has ended
                return
            if isinstance(message, BaseException):
                raise message
            position, items = message
            source.position = max(source.position, position)
            yield from items
            turn += 1
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _next(channel: Any, worker: Any, cancelled: Callable[[], bool]) -> Any:
    """The next message from a worker; an error if it died without sending one."""
    while True:
        if cancelled():
            raise Cancelled
        try:
            return channel.get(timeout=0.1)
        except queue.Empty:
            if worker.is_alive():
                continue
        # It ended between the wait and the look: what it sent before (its last batch, the
        # end of the file) is in the pipe by now, and is not a failure.
        try:
            return channel.get(timeout=1.0)
        except queue.Empty:
            raise RuntimeError(
                f"the import worker stopped unexpectedly (exit code {worker.exitcode})"
            ) from None


def _produce(
    path: str, importer_name: str, share: int, shares: int, lines: int, channel: Any
) -> None:
    """Worker: parse and clean the file, or its share of it, sending each batch of items,
    then None (or the error)."""
    background()
    try:
        source = Source.from_path(path)
        importer = importers.by_name(importer_name)
        batches: Iterator[Sequence[Parsed]]
        if shares > 1 and isinstance(importer, SharedImporter):
            batches = (items for _, items in importer.parse_share(source, share, shares, lines))
        else:
            batches = _batched(importer.parse(source))
        for items in batches:
            cleaned = [item.cleaned() if isinstance(item, Record) else item for item in items]
            channel.put((source.position, cleaned))
        channel.put(None)
    except PapershelfError as exc:
        channel.put(exc)
    except Exception as exc:  # a bug: send it with its type and message
        channel.put(RuntimeError(f"while reading {path}: {type(exc).__name__}: {exc}"))


def _batched(items: Iterator[Parsed]) -> Iterator[list[Parsed]]:
    batch: list[Parsed] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    yield batch

"""Large inputs are parsed in a worker process; what comes back is what in-process parsing gives."""

from __future__ import annotations

import multiprocessing
import queue
from pathlib import Path

import pytest

from papershelf.core import pipeline
from papershelf.core.errors import ImportRefused
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.library import Library
from papershelf.core.records import Record


@pytest.fixture
def in_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)


def test_worker_parse_matches_in_process_parse(sample_copy: Path, in_worker: None) -> None:
    source = open_source(sample_copy)
    importer = choose_importer(source)
    here = [i for i in importer.parse(open_source(sample_copy)) if isinstance(i, Record)]
    there = [i for i in pipeline.cleaned_records(source, importer) if isinstance(i, Record)]
    assert len(here) == 65
    assert [r.title for r in there] == [r.cleaned().title for r in here]
    assert source.position == source.size  # progress reached the end


def test_worker_import_with_progress(library_dir: Path, sample_copy: Path, in_worker: None) -> None:
    seen: list[tuple[int, int]] = []
    with Library(library_dir) as library:
        source = open_source(sample_copy)
        report = import_source(
            library,
            source,
            choose_importer(source),
            progress=lambda done, total: seen.append((done, total)),
        )
        assert report.new == 65 and library.count() == 65
    assert seen[-1][0] == seen[-1][1] == sample_copy.stat().st_size


def test_a_refusal_in_the_worker_reaches_the_caller(
    tmp_path: Path, library_dir: Path, in_worker: None
) -> None:
    broken = tmp_path / "broken.ris"
    broken.write_text("TY  - JOUR\nTI  - Cut Short\nAB  - no end\n\nTY  - JOUR\nTI  - B\nER  -\n")
    with Library(library_dir) as library:
        source = open_source(broken)
        with pytest.raises(ImportRefused) as refused:
            import_source(library, source, choose_importer(source))
        assert refused.value.line == 1 and library.count() == 0


JSONL = Path(__file__).parent / "fixtures" / "jsonl"


def test_json_lines_shared_by_workers_arrive_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_worker: None
) -> None:
    """Two workers parse alternate chunks of a JSON Lines file; records come back in order,
    with their line numbers and the bad line's skip in its place."""
    monkeypatch.setattr(pipeline, "SHARE_LINES", 3)
    lines = (JSONL / "dwdengwei-2025-12-30-first20.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(7, "{not json")  # line 8
    mixed = tmp_path / "papers.jsonl"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = open_source(mixed)
    importer = choose_importer(source)
    assert importer.splits(source)
    here = [i.cleaned() if hasattr(i, "cleaned") else i for i in importer.parse(open_source(mixed))]
    there = list(pipeline.cleaned_records(source, importer))
    assert [(type(i).__name__, i.line) for i in there] == [(type(i).__name__, i.line) for i in here]
    assert [getattr(i, "title", None) for i in there] == [getattr(i, "title", None) for i in here]
    assert len(there) == 21 and there[7].line == 8 and not hasattr(there[7], "title")
    assert source.position == source.size
    share = list(importer.parse_share(open_source(mixed), 1, 2, 3))
    assert [chunk for chunk, _ in share] == [1, 3, 5]  # lines 4-6, 10-12, 16-18
    assert [item.line for item in share[0][1]] == [4, 5, 6]


def test_a_dead_share_worker_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_worker: None
) -> None:
    source = open_source(JSONL / "dwdengwei-2025-12-30-first20.jsonl")
    importer = choose_importer(source)
    monkeypatch.setattr(pipeline, "_produce", _die)
    with pytest.raises(RuntimeError, match="stopped unexpectedly"):
        list(pipeline.cleaned_records(source, importer))


def _die(*args: object) -> None:
    import os

    os._exit(3)


def test_a_cancel_does_not_wait_for_the_first_records(in_worker: None) -> None:
    from papershelf.core.errors import Cancelled

    source = open_source(JSONL / "dwdengwei-2025-12-30-first20.jsonl")
    with pytest.raises(Cancelled):
        next(pipeline.cleaned_records(source, choose_importer(source), lambda: True))


def test_a_worker_that_ended_after_its_last_batch_is_no_failure() -> None:
    # The worker sends the end of the file and exits while this side waits: the look at it
    # finds it gone, yet what it sent is in the pipe, and is read, not taken for a crash.
    context = multiprocessing.get_context("spawn")
    channel = context.Queue()
    worker = context.Process(target=_send_end, args=(channel,))
    worker.start()
    worker.join()
    assert not worker.is_alive()
    assert pipeline._next(_Late(channel), worker, lambda: False) is None


def test_a_worker_that_died_without_a_word_is_a_failure() -> None:
    context = multiprocessing.get_context("spawn")
    worker = context.Process(target=int)
    worker.start()
    worker.join()
    with pytest.raises(RuntimeError, match="stopped unexpectedly"):
        pipeline._next(context.Queue(), worker, lambda: False)


class _Late:
    """A channel whose first wait ends before the message arrives."""

    def __init__(self, channel):
        self.channel, self.waits = channel, 0

    def get(self, timeout: float):
        self.waits += 1
        if self.waits == 1:
            raise queue.Empty
        return self.channel.get(timeout=timeout)


def _send_end(channel) -> None:
    channel.put(None)

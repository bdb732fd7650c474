"""Large inputs are parsed in a worker process; what comes back is what in-process parsing gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core import pipeline
from papershelf.core.errors import ImportRefused
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.library import Library


@pytest.fixture
def in_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)


def test_worker_parse_matches_in_process_parse(sample_copy: Path, in_worker: None) -> None:
    source = open_source(sample_copy)
    importer = choose_importer(source)
    here = [item for item in importer.parse(open_source(sample_copy))]
    there = list(pipeline.cleaned_records(source, importer))
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

"""A rebuilt index swapped in by another process never breaks a search that is running: a
reader keeps answering, from the old generation or the new one, and never sees a folder in
between (design §10)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf

pytestmark = pytest.mark.timeout(180)

SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"
QUERIES = ("retrieval", "language models", "code generation", "prompt", "diffusion~", "fine-tuning")


@pytest.fixture
def folder(library_dir: Path) -> Path:
    with Shelf(library_dir) as shelf:
        source = open_source(SAMPLE)
        import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
    return library_dir


def _answers(shelf: Shelf) -> dict[str, list[int]]:
    answers = {}
    for query in QUERIES:
        shelf.index.forget_answers()
        answers[query] = list(shelf.searcher.search(query).ids)
    return answers


def test_a_reader_keeps_answering_after_another_process_swapped_the_index(folder: Path) -> None:
    with Shelf(folder) as reader:
        expected = _answers(reader)
        assert all(expected.values())
        reindex = [sys.executable, "-m", "papershelf", "--library", str(folder), "reindex"]
        done = subprocess.run(reindex, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
        # the files the reader had not opened yet are gone with the old generation
        assert _answers(reader) == expected
        reader.index.close()  # opened afresh, it reads the new generation
        assert _answers(reader) == expected


def test_searches_running_through_repeated_rebuilds_all_answer(folder: Path) -> None:
    rebuilder = textwrap.dedent(
        f"""
        from pathlib import Path
        from papershelf.core.session import Shelf
        with Shelf(Path({str(folder)!r})) as shelf:
            for _ in range(6):
                shelf.index.rebuild()
                print("rebuilt", flush=True)
        """
    )
    with Shelf(folder) as reader:
        expected = _answers(reader)
        process = subprocess.Popen(
            [sys.executable, "-c", rebuilder], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        rounds = 0
        while process.poll() is None or rounds == 0:
            reader.index.close()  # a fresh open each round: some land mid-swap
            assert _answers(reader) == expected
            rounds += 1
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert out.decode().count("rebuilt") == 6
    with Shelf(folder) as shelf:
        assert shelf.index.ensure() == "ok"
        assert shelf.index.differences() == []
        files = {p.name for p in (folder / "index").iterdir()}
        generations = {name.split("_")[1] for name in files if name.endswith(".toc")}
        assert len(generations) == 1  # the old generations are gone

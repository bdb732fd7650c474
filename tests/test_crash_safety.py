"""A kill at any moment loses at most the action in flight (design §10)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from papershelf.core.session import Shelf


def _big_dump(path: Path, papers: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(papers):
            record = {
                "id": f"2401.{n:05d}",
                "title": f"Paper number {n} on killing imports",
                "summary": "An abstract about crash safety and okapis. " * 20,
                "authors": ["Ada Lovelace", "Alan Turing"],
            }
            out.write(json.dumps(record) + "\n")


def _import(folder: Path, dump: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "papershelf", "--library", str(folder), "import", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_an_import_killed_midway_leaves_the_library_as_it_was(
    tmp_path: Path, sample_copy: Path
) -> None:
    folder = tmp_path / "lib"
    done = subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(folder), "import", str(sample_copy)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    dump = tmp_path / "big.jsonl"
    _big_dump(dump, 20000)
    process = _import(folder, dump)
    time.sleep(1.5)  # most often inside the import's transaction (tests/test_kill.py times
    process.send_signal(signal.SIGKILL)  # its kills from the import's progress instead)
    process.wait(timeout=30)
    with Shelf(folder) as shelf:
        count = shelf.library.count()
        assert count in (65, 20065)  # the killed import left nothing half-done
        assert shelf.library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        shelf.index.ensure()
        assert shelf.index.differences() == []
    again = _import(folder, dump)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    expected = "20000 new" if count == 65 else "0 new, 0 updated, 20000 duplicates"
    assert out.decode().startswith(expected)


def test_killed_while_indexing_the_index_catches_up(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    dump = tmp_path / "big.jsonl"
    _big_dump(dump, 4000)
    process = _import(folder, dump)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (folder / "index").exists():
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with Shelf(folder) as shelf:
        count = shelf.library.count()
        assert count in (0, 4000)
        shelf.index.ensure()
        assert shelf.index.differences() == []
        assert shelf.index.doc_count() == count
        index_name = json.loads((folder / "index" / "papershelf.json").read_text())["index_name"]
        strays = [
            p.name
            for p in (folder / "index").iterdir()
            if p.name != "papershelf.json" and index_name not in p.name
        ]
        assert strays == []  # a generation the kill left half-written is gone


def test_no_worker_outlives_a_killed_import(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "lib"
    dump = tmp_path / "big.jsonl"
    _big_dump(dump, 20000)
    process = _import(folder, dump)
    time.sleep(1.5)
    children = _children(process.pid)
    assert children, "the import started no worker process"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "a worker outlived Papershelf"
    assert os.path.exists(folder)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path("/proc").glob("[0-9]*"):
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(task.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"

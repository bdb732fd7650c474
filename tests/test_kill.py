"""Kill tests: SIGKILL at seeded moments, without sleeps-and-hope (design §10).

A command works on the first 6,000 papers of a 20,000-paper slice of the arXiv corpus (the
fixture, decompressed once per session) and is killed with SIGKILL at a moment fixed by a
seed, relative to what it has been seen to do: its progress line (read from a
pseudo-terminal, since ``TerminalProgress`` prints only on a terminal), the saves a note
typist acknowledges, or the temporary file an export or a backup writes. Each seed's moment
falls in its own tenth of a reference run, so the ten moments are spread over the whole of
it. Afterwards a read (``search``) lets the index catch up by itself, ``papershelf check``
passes, and the library holds nothing or the whole batch; the note is one that was saved; an
export or a backup is whole or not there at all.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import lzma
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "fixtures" / "jsonl" / "arxiv-dwdengwei-20k.jsonl.xz"
PAPERS = 6_000  # of the fixture's 20,000: long enough for every phase, quick to catch up
SEEDS = range(10)  # seed n kills in the n-th tenth of the reference run
CATCH_UP_SEEDS = (0, 5, 9)
KILL_TIMEOUT = 240  # seconds for one kill, its aftermath and checks (a hang fails)

# Pseudo-terminals, SIGKILL and /proc (to see that no worker outlives a kill): Linux.
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

# One progress report: TerminalProgress writes "\rlabel: 1,234 / 5,678   " (no total once
# done); the note typist below writes "saved: 12\n".
_REPORT = re.compile(rb"([a-z]+): ([\d,]+)(?: / ([\d,]+))?(   )?")


@dataclass(frozen=True)
class Report:
    """One progress report, seconds after the command started."""

    at: float
    label: str
    done: int
    total: int  # 0: the report shows no total (all done, or a count)

    def key(self, phases: tuple[str, ...]) -> tuple[int, float]:
        """How far along the command is: its phase, then the fraction of it done."""
        phase = phases.index(self.label) if self.label in phases else -1
        return phase, self.done / self.total if self.total else 1.0


@dataclass(frozen=True)
class Timeline:
    """What an unkilled run reported, and when it ended."""

    reports: list[Report]
    end: float


class Watched:
    """A command whose reports are read as it runs, in its own session, to be killed.

    ``terminal``: its standard error is a pseudo-terminal, where the progress line is read
    (standard output goes to a file); otherwise its reports are lines on standard output.
    """

    def __init__(self, argv: list[str], log: Path, *, terminal: bool = True):
        self.log = log
        self.reports: list[Report] = []
        self._pending = b""
        self.output = b""
        with log.open("wb") as sink:
            if terminal:
                import pty  # POSIX only

                self._fd, slave = pty.openpty()
                streams = {"stdout": sink, "stderr": slave}
            else:
                streams = {"stdout": subprocess.PIPE, "stderr": sink}
            self.started = time.monotonic()
            self.process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, start_new_session=True, **streams
            )
        if terminal:
            os.close(slave)
        else:
            assert self.process.stdout is not None
            self._fd = self.process.stdout.fileno()

    def read(self, until: float, *, first: bool = False) -> bool:
        """Take in what the command writes until the monotonic time ``until`` (``first``: or
        until it has written something); False once it has closed its output (it ended)."""
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return True
            ready, _, _ = select.select([self._fd], [], [], left)
            if not ready:
                return True
            try:
                chunk = os.read(self._fd, 65536)
            except OSError:  # EIO: every process holding the terminal is gone
                chunk = b""
            if not chunk:
                return False
            self._take(chunk)
            if first:
                return True

    def _take(self, chunk: bytes) -> None:
        self.output += chunk
        parts = re.split(rb"[\r\n]", self._pending + chunk)
        self._pending = parts.pop()
        last = _REPORT.fullmatch(self._pending)
        if last and last.group(4):  # a progress line is written whole, ending in spaces
            parts.append(self._pending)
            self._pending = b""
        at = time.monotonic() - self.started
        for part in parts:
            found = _REPORT.fullmatch(part)
            if found:
                done, total = (int((g or b"0").replace(b",", b"")) for g in found.group(2, 3))
                self.reports.append(Report(at, found.group(1).decode(), done, total))

    def wait_for(self, reached: Callable[[Report], bool], timeout: float = 180) -> Report:
        """The first report for which ``reached`` holds, as soon as it is written."""
        deadline = time.monotonic() + timeout
        seen, ended = 0, False
        while True:
            for report in self.reports[seen:]:
                if reached(report):
                    return report
            seen = len(self.reports)
            if ended:
                self.process.wait(timeout=30)
                pytest.fail(f"the command ended before the awaited report; {self._shown()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no awaited report in {timeout}s; saw {self._shown()}")
            ended = not self.read(min(deadline, time.monotonic() + 0.5), first=True)

    def kill(self, at: float) -> bool:
        """SIGKILL the command at the monotonic time ``at`` (reading its output meanwhile);
        whether it was still running. Then wait until every process it started is gone."""
        self.read(at)
        running = self.process.poll() is None
        if running:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 20
        while _session(self.process.pid) and time.monotonic() < deadline:
            if not self.read(time.monotonic() + 0.05):
                time.sleep(0.05)
        assert not _session(self.process.pid), "a worker outlived the killed command"
        deadline = time.monotonic() + 5  # what it wrote before it died, to its end
        while self.read(time.monotonic() + 0.5) and time.monotonic() < deadline:
            pass
        return running

    def finish(self, timeout: float = 180) -> Timeline:
        """Let the command run to its end; what it reported."""
        deadline = time.monotonic() + timeout
        while self.read(min(deadline, time.monotonic() + 0.5)) and time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.read(time.monotonic() + 0.2)
                break
        code = self.process.wait(timeout=max(1, deadline - time.monotonic()))
        assert code == 0, self._shown()
        return Timeline(self.reports, time.monotonic() - self.started)

    def close(self) -> None:
        """Release the output; kill whatever of the command's session is left (a failure)."""
        if self.process.poll() is None or _session(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()
        else:
            os.close(self._fd)

    def _shown(self) -> str:
        return f"output {self.output[-800:]!r}; log {self.log.read_bytes()[-800:]!r}"


@contextlib.contextmanager
def watched(argv: list[str], log: Path, *, terminal: bool = True) -> Iterator[Watched]:
    """A ``Watched`` command, closed (and killed, with all it started) at the end."""
    run = Watched(argv, log, terminal=terminal)
    try:
        yield run
    finally:
        run.close()


def _session(sid: int) -> list[int]:
    """The live processes (not zombies) of a session."""
    found = []
    for task in Path("/proc").glob("[0-9]*"):
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(task.name))
    return found


def _papershelf(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "papershelf", "--library", str(folder), *args]


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _papershelf(folder, *args), capture_output=True, text=True, timeout=180, check=False
    )


def _anchors(timeline: Timeline, phases: tuple[str, ...]) -> list[Report]:
    """The reports a kill can be timed from: a phase's last report ("6,000", no total) is
    left out, since a report that closely follows another is not printed at all."""
    return [r for r in timeline.reports if r.label in phases and r.key(phases)[1] < 1]


def _moment(seed: int, timeline: Timeline, phases: tuple[str, ...]) -> tuple[Report, float]:
    """Seed ``seed``'s moment in its tenth of a reference run: the last report before it,
    and how long after that report it falls."""
    rng = random.Random(seed)
    anchors = _anchors(timeline, phases)
    first = anchors[0].at
    at = first + (seed + rng.random()) / len(SEEDS) * (timeline.end - first)
    anchor = [r for r in anchors if r.at <= at][-1]
    return anchor, at - anchor.at


def _kill_at_moment(
    argv: list[str], log: Path, seed: int, reference: Timeline, phases: tuple[str, ...]
) -> str:
    """Run a command and kill it at seed's moment; a line saying when, for messages. The
    time after the report is scaled by how fast this run has been next to the reference."""
    anchor, offset = _moment(seed, reference, phases)
    first = _anchors(reference, phases)[0]
    with watched(argv, log) as run:
        started = run.wait_for(lambda r: r.label in phases)
        reached = run.wait_for(lambda r: r.key(phases) >= anchor.key(phases))
        if anchor.at > first.at:
            pace = (reached.at - started.at) / (anchor.at - first.at)
            offset *= min(2.0, max(0.5, pace))
        running = run.kill(run.started + reached.at + offset)
    last = anchor is _anchors(reference, phases)[-1]
    when = f"seed {seed}: {offset:.2f}s after {reached}, running: {running}"
    assert running or last, f"the command ended before it could be killed ({when})"
    return when


def _settled(folder: Path, when: str, *, catch_up: bool = True) -> int:
    """After a kill: check passes as the kill left the library; then (``catch_up``) a read
    brings the index up to date by itself and check passes again. The papers."""
    checked = _cli(folder, "check")
    assert checked.returncode == 0, f"{when}: {checked.stdout}{checked.stderr}"
    assert checked.stdout.startswith("ok: "), checked.stdout
    count = _query(folder, "SELECT count(*) FROM papers")[0][0]
    if not catch_up:
        return count
    found = _cli(folder, "search", "--limit", "1")
    assert found.returncode == 0, f"{when}: {found.stderr}"
    assert int(re.search(r"(\d+) papers$", found.stderr.strip()).group(1)) == count
    checked = _cli(folder, "check")
    assert (checked.returncode, checked.stderr) == (0, ""), f"{when}: {checked.stderr}"
    return count


def _query(path: Path, sql: str) -> list[tuple]:
    """Rows read from a library folder's file (or a backup file), read-only."""
    db = path / "library.sqlite" if path.is_dir() else path
    with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as c:
        return c.execute(sql).fetchall()


@pytest.fixture(autouse=True)
def _tidy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """A passed test's copy of the library is deleted (the file's tests make gigabytes of
    them); a failed one's is kept to look at."""
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed == failed:
        for path in tmp_path.iterdir():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# -- the corpus and a library made from it, once per session --------------------------------


@dataclass(frozen=True)
class Template:
    """The decompressed corpus, a library of it, and reference runs of the commands."""

    corpus: Path
    folder: Path
    importing: Timeline
    reindexing: Timeline

    def copy(self, to: Path) -> Path:
        """A copy of the library (with its index and its backup) to kill commands in."""
        shutil.copytree(self.folder, to)
        return to


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """The fixture corpus imported into a library, then reindexed: both runs timed."""
    base = tmp_path_factory.mktemp("kill-template")
    corpus = base / "arxiv-dwdengwei-6k.jsonl"
    with lzma.open(CORPUS) as packed, corpus.open("wb") as out:
        out.writelines(itertools.islice(packed, PAPERS))
    folder = base / "library"
    with watched(_papershelf(folder, "import", str(corpus)), base / "import.log") as run:
        importing = run.finish()
    assert (base / "import.log").read_text().startswith(f"{PAPERS} new"), "the corpus changed"
    with watched(_papershelf(folder, "reindex"), base / "reindex.log") as run:
        reindexing = run.finish()
    assert {r.label for r in importing.reports} == {"importing", "indexing"}, importing
    assert {r.label for r in reindexing.reports} == {"indexing"}, reindexing
    checked = _cli(folder, "check")
    assert checked.returncode == 0, checked.stderr
    yield Template(corpus, folder, importing, reindexing)
    shutil.rmtree(base, ignore_errors=True)  # a library and its copies: gigabytes


# -- import and reindex -------------------------------------------------------------------


@pytest.mark.timeout(KILL_TIMEOUT)
@pytest.mark.parametrize("seed", SEEDS)
def test_an_import_killed_leaves_no_paper_or_the_whole_batch(
    seed: int, record_property: Callable[[str, object], None], template: Template, tmp_path: Path
) -> None:
    folder = tmp_path / "library"
    argv = _papershelf(folder, "import", str(template.corpus))
    phases = ("importing", "indexing")
    when = _kill_at_moment(argv, tmp_path / "import.log", seed, template.importing, phases)
    # Catching the index up after a kill mid-import is a whole rebuild (3-6 s): proved
    # for three of the moments (mid-transaction, early and late in the indexing).
    count = _settled(folder, when, catch_up=seed in CATCH_UP_SEEDS)
    record_property("kill", f"{when}; {count} papers after")
    assert count in (0, PAPERS), when
    batches = _query(folder, "SELECT id, new FROM batches")
    if count == 0:
        assert batches == [], when
    else:
        assert [new for _, new in batches] == [PAPERS], when
        in_batch = f"SELECT count(*) FROM papers WHERE batch_id = {batches[0][0]}"
        assert _query(folder, in_batch) == [(PAPERS,)], when


@pytest.mark.timeout(KILL_TIMEOUT)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_reindex_killed_leaves_an_index_that_catches_up(
    seed: int, record_property: Callable[[str, object], None], template: Template, tmp_path: Path
) -> None:
    folder = template.copy(tmp_path / "library")
    argv = _papershelf(folder, "reindex")
    when = _kill_at_moment(argv, tmp_path / "reindex.log", seed, template.reindexing, ("indexing",))
    record_property("kill", when)
    assert _settled(folder, when) == PAPERS
    found = _cli(folder, "search", "--limit", "1", "--json", "Gaussian", "Splatting")
    assert found.returncode == 0 and json.loads(found.stdout), when


# -- typing a note ------------------------------------------------------------------------

NOTE_STEP = 40  # characters typed between two saves
NOTE_SAVES = 2000  # the typist stops after this many: never reached before the kill
TYPIST = """
import sys
from pathlib import Path

from papershelf.core import operations as ops
from papershelf.core.session import Shelf

folder, paper, text = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]).read_text("utf-8")
with Shelf(folder) as shelf:  # what the note editor does: a save as the user types
    for n in range(1, int(sys.argv[4]) + 1):
        ops.set_note(shelf.library, paper, text[: n * int(sys.argv[5])], typing=True)
        print(f"saved: {n}", flush=True)
        if n % 25 == 0:  # and the window's indexer catches up now and then
            shelf.index.catch_up()
"""


def _note_text() -> str:
    """What the typist types: Markdown, long enough for every save."""
    lines = ["# Reading notes — Gaussian splatting", ""]
    n = 0
    while sum(len(line) + 1 for line in lines) < NOTE_STEP * NOTE_SAVES:
        n += 1
        lines.append(
            f"- Point {n}: the ablation in §{n % 7 + 1} shows **{n * 3}%** fewer réglages."
        )
        if n % 5 == 0:
            lines += ["", f"## Part {n // 5}", ""]
    return "\n".join(lines)


@pytest.mark.timeout(KILL_TIMEOUT)
@pytest.mark.parametrize("seed", SEEDS)
def test_note_typing_killed_keeps_the_last_saved_note_or_the_next(
    seed: int, record_property: Callable[[str, object], None], template: Template, tmp_path: Path
) -> None:
    folder = template.copy(tmp_path / "library")
    text = _note_text()
    (tmp_path / "note.md").write_text(text, encoding="utf-8")
    rng = random.Random(seed)
    saves = 5 + int((seed + rng.random()) / len(SEEDS) * 400)  # acknowledged before the kill
    argv = [sys.executable, "-c", TYPIST, str(folder), "1", str(tmp_path / "note.md")]
    argv += [str(NOTE_SAVES), str(NOTE_STEP)]
    with watched(argv, tmp_path / "typist.log", terminal=False) as run:
        first = run.wait_for(lambda r: r.done >= 1)
        reached = run.wait_for(lambda r: r.done >= saves)
        interval = (reached.at - first.at) / max(1, reached.done - first.done)
        offset = rng.random() * interval
        assert run.kill(run.started + reached.at + offset), "the typist ended before the kill"
    acknowledged = max(r.done for r in run.reports)
    when = f"seed {seed}: {offset * 1000:.1f} ms after save {reached.done}, {acknowledged} seen"
    assert _settled(folder, when) == PAPERS
    shown = _cli(folder, "show", "1", "--json")
    assert shown.returncode == 0, shown.stderr
    note = json.loads(shown.stdout)["note"]
    record_property("kill", f"{when}; the note is save {len(note) / NOTE_STEP:g}")
    assert len(note) % NOTE_STEP == 0 and text.startswith(note), when
    assert len(note) // NOTE_STEP in (acknowledged, acknowledged + 1), when
    found = _cli(folder, "search", "--json", "note:réglages")
    assert [p["id"] for p in json.loads(found.stdout)] == [1], when


# -- export and backup: killed while they write their file --------------------------------


def _appears(run: Watched, pattern: Callable[[], list[Path]]) -> float:
    """Seconds after the start at which a file matching ``pattern`` was first seen."""
    while not pattern():
        if run.process.poll() is not None and not pattern():
            pytest.fail(f"the command ended before its file was seen; {run.log.read_text()}")
        time.sleep(0.002)
    return time.monotonic() - run.started


Files = Callable[[], list[Path]]


@dataclass(frozen=True)
class Writing:
    """A reference run of a command that writes one file under a temporary name, then puts
    it in place: when each was first seen, when the command ended, and the file it wrote."""

    seen: float  # the temporary file
    placed: float  # the file under its own name
    end: float
    written: Path

    def moment(self, seed: int) -> tuple[bool, float]:
        """Seed ``seed``'s moment in its tenth of the run from the temporary file on: whether
        it falls after the file was in place, and how long after that (or the temporary
        file) it falls."""
        rng = random.Random(seed)
        at = self.seen + (seed + rng.random()) / len(SEEDS) * (self.end - self.seen)
        return (True, at - self.placed) if at >= self.placed else (False, at - self.seen)


def _time_writing(argv: list[str], log: Path, writing: Files, placed: Files) -> Writing:
    """Run a command to its end, timing its file's writing."""
    with watched(argv, log, terminal=False) as run:
        seen = _appears(run, writing)
        done = _appears(run, placed)
        end = run.finish().end
    (written,) = placed()
    return Writing(seen, done, end, written)


def _kill_writing(
    argv: list[str], log: Path, seed: int, reference: Writing, writing: Files, placed: Files
) -> tuple[str, bool, bool]:
    """Run a command and kill it at seed's moment of its writing: a line saying when, for
    messages; whether that moment was after the file was put in place; whether the command
    was still running."""
    after, offset = reference.moment(seed)
    with watched(argv, log, terminal=False) as run:
        anchor = _appears(run, writing)
        if after:
            anchor = _appears(run, placed)
        running = run.kill(run.started + anchor + offset)
    what = "the file was in place" if after else "the temporary file was seen"
    return f"seed {seed}: {offset:.2f}s after {what}, running: {running}", after, running


def _temporaries(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


def _body(export: Path) -> bytes:
    """An export without its first line (which says when it was made)."""
    return export.read_bytes().split(b"\n", 1)[1]


def _exists(path: Path) -> Files:
    return lambda: [path] if path.exists() else []


@pytest.fixture(scope="session")
def exported(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writing]:
    """A whole export of (a copy of) the template library, timed."""
    base = tmp_path_factory.mktemp("kill-export")
    target = base / "papers.json"
    folder = template.copy(base / "library")
    argv = _papershelf(folder, "export", "--format", "json", "-o", str(target))
    reference = _time_writing(
        argv, base / "export.log", lambda: _temporaries(target), _exists(target)
    )
    assert len(json.loads(target.read_bytes())["papers"]) == PAPERS
    assert not _temporaries(target)
    yield reference
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.timeout(KILL_TIMEOUT)
@pytest.mark.parametrize("seed", SEEDS)
def test_an_export_killed_leaves_no_file_or_a_whole_one(
    seed: int,
    record_property: Callable[[str, object], None],
    template: Template,
    exported: Writing,
    tmp_path: Path,
) -> None:
    folder = template.copy(tmp_path / "library")
    target = tmp_path / "out" / "papers.json"
    target.parent.mkdir()
    argv = _papershelf(folder, "export", "--format", "json", "-o", str(target))
    when, after, running = _kill_writing(
        argv, tmp_path / "export.log", seed, exported, lambda: _temporaries(target), _exists(target)
    )
    record_property("kill", f"{when}; file there: {target.exists()}")
    if target.exists():
        assert len(json.loads(target.read_bytes())["papers"]) == PAPERS, when
        assert _body(target) == _body(exported.written), when
    else:
        assert running and not after, when
    left = _temporaries(target)
    assert [p for p in target.parent.iterdir() if p not in left and p != target] == [], when
    again = _cli(folder, "export", "--format", "json", "-o", str(target))  # not tripped by them
    assert again.returncode == 0, f"{when}: {again.stderr}"
    assert _body(target) == _body(exported.written), when
    assert _temporaries(target) == left, when  # the whole export left nothing of its own
    checked = _cli(folder, "check")
    assert checked.returncode == 0, f"{when}: {checked.stderr}"


def _partials(folder: Path) -> list[Path]:
    return sorted((folder / "backups").glob("*.partial"))


def _new_backups(folder: Path) -> Files:
    """The backups made from now on."""
    before = set((folder / "backups").glob("*.sqlite"))
    return lambda: sorted(set((folder / "backups").glob("*.sqlite")) - before)


@pytest.fixture(scope="session")
def backed_up(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writing]:
    """A whole manual backup of (a copy of) the template library, timed."""
    base = tmp_path_factory.mktemp("kill-backup")
    folder = template.copy(base / "library")
    argv = _papershelf(folder, "backup")
    reference = _time_writing(
        argv, base / "backup.log", lambda: _partials(folder), _new_backups(folder)
    )
    assert reference.written.name.endswith("-manual.sqlite"), reference
    assert not _partials(folder)
    yield reference
    shutil.rmtree(base, ignore_errors=True)


def _listed(folder: Path) -> list[dict]:
    found = _cli(folder, "backups", "--json")
    assert found.returncode == 0, found.stderr
    return json.loads(found.stdout)


@pytest.mark.timeout(KILL_TIMEOUT)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_backup_killed_lists_only_whole_backups(
    seed: int,
    record_property: Callable[[str, object], None],
    template: Template,
    backed_up: Writing,
    tmp_path: Path,
) -> None:
    folder = template.copy(tmp_path / "library")
    (daily,) = _listed(folder)
    argv = _papershelf(folder, "backup")
    when, after, running = _kill_writing(
        argv,
        tmp_path / "backup.log",
        seed,
        backed_up,
        lambda: _partials(folder),
        _new_backups(folder),
    )
    record_property("kill", f"{when}; partial left: {bool(_partials(folder))}")
    listed = _listed(folder)
    assert daily in listed, when
    assert len(listed) in (1, 2), when
    if after or not running:  # the new backup was in place: it is listed
        assert len(listed) == 2, when
    for made in listed:
        path = Path(made["path"])
        assert path.suffix == ".sqlite" and path.parent == folder / "backups", when
        assert made["papers"] == PAPERS, when
        assert _query(path, "PRAGMA quick_check") == [("ok",)], when
    paths = {Path(made["path"]) for made in listed}
    assert not paths & set(_partials(folder)), when  # a partial file is never a backup
    checked = _cli(folder, "check")
    assert checked.returncode == 0, f"{when}: {checked.stdout}{checked.stderr}"
    assert f"{len(listed)} backup{'s' if len(listed) > 1 else ''} readable" in checked.stdout
    again = _cli(folder, "backup", "--json")
    assert again.returncode == 0, again.stderr
    assert len(_listed(folder)) == len(listed) + 1, when

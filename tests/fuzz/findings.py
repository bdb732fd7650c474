"""What the runners do with a broken promise: a signature to tell findings apart, a smaller
input that still breaks it, and the input kept as a regression fixture.

Regression fixtures live in tests/fixtures/fuzz/TARGET/SHA1.bin (the input, replayed by
tests/test_fuzz.py), each with SHA1.txt beside it saying what it broke.
"""

from __future__ import annotations

import hashlib
import re
import signal
import time
import traceback
from pathlib import Path

from fuzz.corpus import REGRESSIONS
from fuzz.targets import Finding, Target

SHRINK_SECONDS = 60.0


class Hang(BaseException):
    """An input took longer than the runner's timeout (raised by its alarm)."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang


SECONDS_PER_MB = 5.0  # on top of the timeout: a page of megabytes is read at ~0.5 MB/s


def allowed(timeout: float, data: bytes) -> float:
    """The seconds an input may take: ``timeout``, and more for each megabyte, so a large
    input read in linear time is no hang but a quadratic one still is."""
    return timeout + SECONDS_PER_MB * len(data) / 1e6


def checked(target: Target, data: bytes, timeout: float) -> str:
    """``target.check(data)``, raising Hang after ``allowed(timeout, data)`` seconds."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, allowed(timeout, data))
    try:
        return target.check(data)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def signature(problem: BaseException) -> str:
    """What a finding is, without the input's particulars: its kind and where in Papershelf
    (or, failing that, anywhere) it was raised."""
    cause = problem.__cause__ or problem
    frames = traceback.extract_tb(cause.__traceback__)
    ours = [f for f in frames if "papershelf" in f.filename and "/fuzz/" not in f.filename]
    place = (ours or frames or [None])[-1]
    where = f"{Path(place.filename).name}:{place.lineno}" if place else "?"
    if isinstance(problem, Hang):
        return "hang"  # where the alarm struck is chance: one kind per target
    kind = type(cause).__name__
    if cause is problem:  # a Finding of its own: its sentence, without numbers and quotes
        kind = re.sub(r"\d+|'[^']*'|\"[^\"]*\"", "_", str(problem))[:80]
    return f"{kind} at {where}"


def summary(problem: BaseException) -> str:
    """The finding's message and the last frames of its traceback, for the report."""
    cause = problem.__cause__ or problem
    frames = traceback.extract_tb(cause.__traceback__)[-6:]
    lines = [f"{type(problem).__name__}: {str(problem)[:300]}"]
    if cause is not problem:
        lines.append(f"caused by {type(cause).__name__}: {str(cause)[:300]}")
    lines += [f"  {_short(f.filename)}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join(lines)


def _short(filename: str) -> str:
    """A frame's file by its repository path, or its path inside the Python library."""
    for marker in ("/desktop/papershelf/", "/tests/fuzz/", "/site-packages/", "/lib/python3."):
        if marker in filename:
            rest = filename.split(marker, 1)[1]
            return marker.strip("/") + "/" + rest if "python3." not in marker else rest
    return Path(filename).name


def _breaks(target: Target, data: bytes, wanted: str, timeout: float) -> bool:
    try:
        checked(target, data, timeout)
    except (Finding, Hang) as problem:
        return signature(problem) == wanted
    return False


def shrunk(target: Target, data: bytes, wanted: str, timeout: float) -> bytes:
    """A smaller input with the same signature: chunks cut out, halving their size, for at
    most SHRINK_SECONDS."""
    stop = time.monotonic() + SHRINK_SECONDS
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and time.monotonic() < stop:
        start, cut = 0, False
        while start < len(data) and time.monotonic() < stop:
            candidate = data[:start] + data[start + chunk :]
            if candidate and _breaks(target, candidate, wanted, timeout):
                data, cut = candidate, True
            else:
                start += chunk
        if not cut:
            chunk //= 2
    return data


def known_signatures(folder: Path = REGRESSIONS) -> set[tuple[str, str]]:
    """(target, signature) of every regression fixture kept so far."""
    found = set()
    for note in folder.glob("*/*.txt"):
        first = note.read_text(encoding="utf-8").splitlines()[0]
        found.add((note.parent.name, first.removeprefix("signature: ")))
    return found


def keep(
    target_name: str, data: bytes, wanted: str, report: str, folder: Path = REGRESSIONS
) -> Path:
    """Save ``data`` as a regression fixture of ``target_name``, with what it broke."""
    place = folder / target_name
    place.mkdir(parents=True, exist_ok=True)
    path = place / f"{hashlib.sha1(data).hexdigest()}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(f"signature: {wanted}\n{report}\n", encoding="utf-8")
    return path


def on_finding(
    target: Target, data: bytes, problem: BaseException, timeout: float, seen: set[tuple[str, str]]
) -> dict:
    """Record a finding: the first of its signature (not seen before) is kept as a fixture,
    shrunk unless it is a hang (each try of which would take the whole timeout)."""
    wanted = signature(problem)
    result = {"signature": wanted, "summary": summary(problem), "size": len(data)}
    if (target.name, wanted) in seen:
        return result
    seen.add((target.name, wanted))
    smaller = data if isinstance(problem, Hang) else shrunk(target, data, wanted, timeout)
    path = keep(target.name, smaller, wanted, result["summary"])
    result.update(saved=str(path.relative_to(REGRESSIONS.parents[1])), shrunk_size=len(smaller))
    return result

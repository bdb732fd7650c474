"""The long fuzz run: N generated inputs per target, seeded and reproducible.

    .venv/bin/python tests/fuzz/run.py --target all --count 100000 [--seed 1]
    .venv/bin/python tests/fuzz/run.py --target query --count 1000000

Input number I of a target is made by ``random.Random(f"{seed}:{target}:{I}")``, so
``--start I --count I+1`` makes it again. Each target runs in a child process with its
address space capped (``--memory-mb``, so an unbounded input is a MemoryError, a finding) and
an alarm per input (``--timeout``, a hang is a finding); the parent restarts a child that
died or stopped answering, keeping the input that killed it. The first input of each kind of
finding is shrunk and kept in tests/fixtures/fuzz/TARGET/ (see findings.py). Prints, per
target, the inputs run, the seconds, what the inputs did, and the findings.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, where the fuzz package is

from fuzz.findings import Hang, checked, keep, known_signatures, on_finding  # noqa: E402
from fuzz.targets import NAMES, Finding, Target, make_target  # noqa: E402

HARD_TIMEOUT = 120.0  # seconds without a sign of life before the parent kills a child
PROGRESS = struct.Struct("<q")  # the number of the input being run


def input_for(target: Target, seed: int, number: int) -> bytes:
    """Input ``number`` of ``target`` for ``seed``."""
    return target.generate(random.Random(f"{seed}:{target.name}:{number}"))


def cap_memory(megabytes: int) -> None:
    """Cap this process's address space, so that runaway memory is a MemoryError."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_child(args: argparse.Namespace) -> None:
    """Run inputs ``start`` to ``count`` of one target, writing progress and then a result."""
    target = make_target(args.target, Path(tempfile.mkdtemp(prefix="papershelf-fuzz-")))
    cap_memory(args.memory_mb)
    progress = os.open(args.progress, os.O_RDWR)
    outcomes: Counter[str] = Counter()
    findings = []
    seen = known_signatures()
    began = time.perf_counter()
    for number in range(args.start, args.count):
        os.pwrite(progress, PROGRESS.pack(number), 0)
        data = input_for(target, args.seed, number)
        try:
            outcomes[checked(target, data, args.timeout)] += 1
        except (Finding, Hang) as problem:
            outcomes["finding"] += 1
            found = on_finding(target, data, problem, args.timeout, seen)
            findings.append({"input": number, **found})
            print(f"[{args.target}] input {number}: {found['signature']}", flush=True)
    target.close()
    result = {"inputs": args.count - args.start, "seconds": time.perf_counter() - began}
    result.update(outcomes=dict(outcomes), findings=findings)
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


def _child_command(args: argparse.Namespace, name: str, start: int, files: dict) -> list[str]:
    return [
        sys.executable,
        __file__,
        "--child",
        f"--target={name}",
        f"--count={args.count}",
        f"--start={start}",
        f"--seed={args.seed}",
        f"--timeout={args.timeout}",
        f"--memory-mb={args.memory_mb}",
        f"--progress={files['progress']}",
        f"--result={files['result']}",
    ]


def _watch(child: subprocess.Popen, progress: Path) -> tuple[int | None, int]:
    """Wait for the child; kill it if its heartbeat stops. (exit code or None, input number)."""
    last, since = None, time.monotonic()
    while child.poll() is None:
        time.sleep(0.5)
        now = PROGRESS.unpack(progress.read_bytes()[: PROGRESS.size])[0]
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > HARD_TIMEOUT:
            child.kill()
            child.wait()
            return None, now
    return child.returncode, PROGRESS.unpack(progress.read_bytes()[: PROGRESS.size])[0]


def run_target(args: argparse.Namespace, name: str) -> dict:
    """Every input of one target, in child processes restarted after a death."""
    total = {"target": name, "inputs": 0, "seconds": 0.0, "outcomes": Counter(), "findings": []}
    start = args.start
    with tempfile.TemporaryDirectory(prefix="papershelf-fuzz-run-") as work:
        files = {"progress": Path(work) / "progress", "result": Path(work) / "result.json"}
        while start < args.count:
            files["progress"].write_bytes(PROGRESS.pack(start))
            files["result"].unlink(missing_ok=True)
            began = time.perf_counter()
            child = subprocess.Popen(_child_command(args, name, start, files))
            code, number = _watch(child, files["progress"])
            if code == 0 and files["result"].exists():
                part = json.loads(files["result"].read_text(encoding="utf-8"))
                _add(total, part)
                break
            total["seconds"] += time.perf_counter() - began
            total["inputs"] += number - start + 1
            total["outcomes"]["finding"] += 1
            total["findings"].append(_died(args, name, number, code))
            start = number + 1
    return total


def _add(total: dict, part: dict) -> None:
    total["inputs"] += part["inputs"]
    total["seconds"] += part["seconds"]
    total["outcomes"].update(part["outcomes"])
    total["findings"] += part["findings"]


def _died(args: argparse.Namespace, name: str, number: int, code: int | None) -> dict:
    """Keep the input a child died on (or stopped answering on) as a regression fixture."""
    data = input_for(make_target(name), args.seed, number)
    what = "stopped answering" if code is None else f"died with exit code {code}"
    wanted = f"process {what}"
    path = keep(name, data, wanted, f"the fuzz process {what} on input {number}")
    print(f"[{name}] input {number}: {wanted}", flush=True)
    return {"input": number, "signature": wanted, "saved": str(path), "size": len(data)}


def print_result(result: dict) -> None:
    """One target's line: inputs, seconds, what the inputs did, then each finding."""
    seconds = result["seconds"]
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result["outcomes"].items()))
    print(
        f"{result['target']:<16} {result['inputs']:>9,} inputs {seconds:>8.1f} s "
        f"{result['inputs'] / max(seconds, 1e-9):>8.0f}/s  {outcomes}",
        flush=True,
    )
    for found in result["findings"]:
        saved = found.get("saved", "(same kind as one already kept)")
        print(f"    input {found['input']}: {found['signature']}  -> {saved}", flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="all", help=f"all, or one of: {', '.join(NAMES)}")
    parser.add_argument("--count", type=int, default=1000, help="inputs per target")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="the first input's number")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds one input may take")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address space per child")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--progress", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the targets asked for; exit 1 if anything was found."""
    args = parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # threads' stacks under the memory cap
    if args.child:
        run_child(args)
        return 0
    names = NAMES if args.target == "all" else args.target.split(",")
    results = []
    for name in names:
        result = run_target(args, name)
        print_result(result)
        results.append(result)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if any(r["findings"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

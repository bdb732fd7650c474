"""How the importers fare on the shared corpus of real input files. Not run by pytest.

    .venv/bin/python tests/benchmarks/corpus_table.py [CORPUS_DIR] [--json] [--verbose]

Every file under CORPUS_DIR (default ``../shared/corpus`` beside the project; see its SOURCES.md
for where each file comes from), except ``large/`` and SOURCES.md, goes through the same steps as
``papershelf import``: ``Source.from_path`` -> ``detect`` -> ``parse`` -> ``Record.cleaned()``,
with records lacking a title skipped and a file yielding no record refused. Peers' expected
outputs (Better BibTeX ``.json``, JabRef ``.bib``) are tried like any other input.

Prints a Markdown table with a row per top-level folder and a total row, then per folder the
formats detected, the refusals grouped by reason and the commonest skip reasons. Any exception
other than ImportRefused is a bug: it is listed under "Crashes" and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from papershelf.core import importers
from papershelf.core.errors import ImportRefused
from papershelf.core.importers import Source
from papershelf.core.records import Skip

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"
EXCLUDED_DIRS = {"large"}
EXCLUDED_FILES = {"SOURCES.md"}
FEW_NAMES = 10  # list the file names of a refusal group up to this many
TOP_SKIPS = 5
MAX_REASON = 110
_NO_PAPER = re.compile(r"no paper could be read \((.*)\)\.?$", re.S)
_QUOTED = re.compile(r"'[^'\n]*'")


@dataclass
class FileResult:
    """What importing one file did."""

    path: str
    folder: str
    format: str | None = None
    records: int = 0
    with_abstract: int = 0
    skipped: int = 0
    skip_reasons: list[str] = field(default_factory=list)
    refused: str | None = None
    crash: str | None = None
    crash_at: str | None = None
    seconds: float = 0.0

    @property
    def imported(self) -> bool:
        """True when the file would have been imported."""
        return self.refused is None and self.crash is None


@dataclass
class Totals:
    """Counts summed over a group of files."""

    files: int = 0
    imported: int = 0
    records: int = 0
    with_abstract: int = 0
    refused: int = 0
    crashed: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def add(self, result: FileResult) -> None:
        """Count one file in."""
        self.files += 1
        self.imported += result.imported
        self.records += result.records
        self.with_abstract += result.with_abstract
        self.refused += result.refused is not None
        self.crashed += result.crash is not None
        self.skipped += result.skipped
        self.seconds += result.seconds


def corpus_files(corpus: Path) -> list[Path]:
    """Every input file of the corpus, sorted, without ``large/`` and SOURCES.md."""
    files = []
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if not path.is_file() or relative.parts[0] in EXCLUDED_DIRS:
            continue
        if len(relative.parts) == 1 and relative.name in EXCLUDED_FILES:
            continue
        files.append(path)
    return files


def short_reason(reason: str) -> str:
    """A reason without its advice, quoted names or details, so that like reasons group."""
    inner = _NO_PAPER.match(reason)
    if inner:
        return f"no paper could be read ({short_reason(inner.group(1))})"
    reason = _QUOTED.sub("'…'", reason.split(";")[0].strip().rstrip("."))
    reason = reason.split(": ")[0] if reason.startswith("could not read") else reason
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


def run_file(path: Path, corpus: Path) -> FileResult:
    """Import one file the way ``papershelf import`` does, without touching a library."""
    relative = path.relative_to(corpus)
    folder = relative.parts[0] if len(relative.parts) > 1 else "."
    result = FileResult(str(relative), folder)
    start = time.perf_counter()
    try:
        source = Source.from_path(path)
        importer = importers.detect(source)
        result.format = importer.name
        for item in importer.parse(source):
            if isinstance(item, Skip):
                result.skipped += 1
                result.skip_reasons.append(item.reason)
                continue
            record = item.cleaned()
            if not record.title:
                result.skipped += 1
                result.skip_reasons.append("a record without a title")
                continue
            result.records += 1
            result.with_abstract += bool(record.abstract)
        if not result.records:
            # The same refusal importing.py gives a file that yields no record.
            if result.skip_reasons:
                first = result.skip_reasons[0]
                raise ImportRefused(str(path), f"no paper could be read ({first}).")
            raise ImportRefused(str(path), "no papers recognised in it.")
    except ImportRefused as exc:
        result.refused = exc.reason
    except Exception as exc:  # noqa: BLE001 - anything else is a bug to report
        result.records = result.with_abstract = 0  # the import would have been rolled back
        result.crash = traceback.format_exception_only(exc)[-1].strip()
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            last = frames[-1]
            ours = [f for f in frames if "papershelf" in f.filename] or [last]
            where = ours[-1]
            result.crash_at = f"{_short_path(where.filename)}:{where.lineno} in {where.name}"
    result.seconds = time.perf_counter() - start
    return result


def _short_path(filename: str) -> str:
    marker = "papershelf/"
    index = filename.rfind("desktop/" + marker)
    return filename[index:] if index >= 0 else filename


def refusal_groups(results: list[FileResult]) -> list[tuple[str, list[str]]]:
    """Refusals grouped by (shortened) reason, commonest first, with the files of each."""
    groups: dict[str, list[str]] = {}
    for result in results:
        if result.refused is not None:
            groups.setdefault(short_reason(result.refused), []).append(Path(result.path).name)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def summarise(results: list[FileResult]) -> tuple[dict[str, Totals], Totals]:
    """Totals per top-level folder and overall."""
    folders: dict[str, Totals] = {}
    total = Totals()
    for result in results:
        folders.setdefault(result.folder, Totals()).add(result)
        total.add(result)
    return folders, total


def markdown(results: list[FileResult], corpus: Path, wall: float) -> str:
    """The report as Markdown: summary table, per-folder details, crashes."""
    folders, total = summarise(results)
    by_folder: dict[str, list[FileResult]] = {}
    for result in results:
        by_folder.setdefault(result.folder, []).append(result)
    out = [
        f"Corpus: {corpus} ({total.files} files; `large/` and SOURCES.md left out)",
        "",
        "| folder | files | imported | records | with abstract | refused | crashed "
        "| skipped records | time (s) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]

    def row(name: str, t: Totals) -> str:
        return (
            f"| {name} | {t.files} | {t.imported} | {t.records} | {t.with_abstract} "
            f"| {t.refused} | {t.crashed} | {t.skipped} | {t.seconds:.2f} |"
        )

    out += [row(name, folders[name]) for name in sorted(folders)]
    out.append(row("**total**", total))
    out += ["", f"Wall time {wall:.2f} s.", ""]

    out.append("### Per folder")
    for name in sorted(by_folder):
        group = by_folder[name]
        formats = Counter(r.format for r in group if r.format and r.imported)
        out += ["", f"**{name}**", ""]
        if formats:
            shown = ", ".join(f"{fmt} × {n}" for fmt, n in formats.most_common())
            out.append(f"- imported as: {shown}")
        for reason, names in refusal_groups(group):
            listed = ": " + ", ".join(names) if len(names) <= FEW_NAMES else ""
            out.append(f"- refused, {len(names)} × {reason}{listed}")
        skips = Counter(short_reason(reason) for r in group for reason in r.skip_reasons)
        for reason, n in skips.most_common(TOP_SKIPS):
            out.append(f"- skipped record, {n} × {reason}")
        if len(skips) > TOP_SKIPS:
            out.append(f"- skipped record, {len(skips) - TOP_SKIPS} other reasons")

    crashes = [r for r in results if r.crash]
    out += ["", "### Crashes", ""]
    if not crashes:
        out.append("None.")
    for result in crashes:
        out.append(f"- `{result.path}` ({result.format or 'detection'}): {result.crash}")
        if result.crash_at:
            out.append(f"  at {result.crash_at}")
    return "\n".join(out)


def as_json(results: list[FileResult], corpus: Path, wall: float) -> dict[str, Any]:
    """The report as a JSON-ready dict: per folder, total, crashes and every file."""
    folders, total = summarise(results)
    by_folder: dict[str, list[FileResult]] = {}
    for result in results:
        by_folder.setdefault(result.folder, []).append(result)
    return {
        "corpus": str(corpus),
        "wall_seconds": round(wall, 3),
        "folders": {
            name: {
                **asdict(folders[name]),
                "refusals": [
                    {"reason": reason, "files": names}
                    for reason, names in refusal_groups(by_folder[name])
                ],
            }
            for name in sorted(folders)
        },
        "total": asdict(total),
        "crashes": [
            {"path": r.path, "format": r.format, "error": r.crash, "at": r.crash_at}
            for r in results
            if r.crash
        ],
        "files": [
            {**asdict(r), "skip_reasons": sorted(Counter(r.skip_reasons).items())} for r in results
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the corpus through the importers and print the tables; 1 on any crash."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"the corpus folder (default {DEFAULT_CORPUS})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument(
        "--verbose", action="store_true", help="name each file on standard error as it is done"
    )
    args = parser.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not corpus.is_dir():
        print(
            f"No corpus at {corpus}: it is the shared folder of real input files "
            "(../shared/corpus beside the project, whose SOURCES.md names the pinned upstream "
            "repository of every file); get it there or pass its path.",
            file=sys.stderr,
        )
        return 2
    start = time.perf_counter()
    results = []
    for path in corpus_files(corpus):
        result = run_file(path, corpus)
        if args.verbose:
            state = result.crash or result.refused or f"{result.records} records"
            print(f"{result.seconds:7.3f}s {result.path}: {state}", file=sys.stderr)
        results.append(result)
    wall = time.perf_counter() - start
    if args.json:
        print(json.dumps(as_json(results, corpus, wall), indent=2, ensure_ascii=False))
    else:
        print(markdown(results, corpus, wall))
    return 1 if any(r.crash for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Coverage-guided fuzzing of one target with atheris (libFuzzer over Python's coverage).

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python tests/fuzz/atheris_run.py TARGET [libFuzzer options, e.g. -runs=100000]

The target is one of ``targets.NAMES``; its seed corpus is the real fixtures of its format
(every fixture for ``detect`` and ``library``; the committed queries for ``query`` and
``search``), written to a temporary folder that libFuzzer grows as it finds new paths. An
input that breaks the target's promise raises ``Finding``, which libFuzzer reports as a crash
and saves as ``crash-SHA1`` in the current folder: copy it to ``tests/fixtures/fuzz/TARGET/``
(``findings.py`` names and describes it) so ``tests/test_fuzz.py`` replays it. Hangs are
libFuzzer's ``-timeout`` (seconds per input; 5 here unless given).

``run.py`` is the long run over generated inputs; this one follows the code's branches from
the real fixtures, which reaches states random mutation rarely does.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).parents[1]))

with atheris.instrument_imports(include=["papershelf"]):
    from fuzz.corpus import QUERIES, fixtures_by_format
    from fuzz.targets import IMPORTER_NAMES, NAMES, make_target


def seeds(name: str) -> list[bytes]:
    """The inputs the run starts from: real files of the target's format, or real queries."""
    if name in ("query", "search"):
        return [q.encode() for q in QUERIES]
    by_format = fixtures_by_format()
    return by_format.get(name, []) if name in IMPORTER_NAMES else by_format[""]


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in NAMES:
        sys.exit(f"usage: atheris_run.py TARGET [libFuzzer options]; targets: {', '.join(NAMES)}")
    name, options = sys.argv[1], sys.argv[2:]
    target = make_target(name)
    corpus = Path(tempfile.mkdtemp(prefix=f"papershelf-atheris-{name}-"))
    for n, data in enumerate(seeds(name)):
        (corpus / f"seed-{n}").write_bytes(data)
    if not any(option.startswith("-timeout=") for option in options):
        options.append("-timeout=5")
    atheris.Setup([sys.argv[0], *options, str(corpus)], lambda data: target.check(data))
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""The fuzz targets' short run, and every input the long run found replayed.

Each target of tests/fuzz/targets.py (one per importer, detection, the import into a
library, the query parser, the search) gets a few Hypothesis examples: the only exception
allowed out of an importer is the project's own error with a one-line message, a refused
import leaves the library's files as they were, and any search-box text is parsed and
searched. The long run is tests/fuzz/run.py (tests/fuzz/README.md).

Each regression fixture in tests/fixtures/fuzz/TARGET/ is an input that once broke a
promise; it fails here until the code is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from fuzz.corpus import REGRESSIONS
from fuzz.findings import Hang, allowed, checked
from fuzz.strategies import importer_inputs, query_inputs
from fuzz.targets import IMPORTER_NAMES, Finding, LibraryImports, Target, make_target
from papershelf.core.errors import ImportRefused, PapershelfError
from papershelf.core.importers import Source

TIMEOUT = 5.0  # seconds an input may take, and 5 more a megabyte (fuzz.findings.allowed)
SHORT = settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # shrinking is the long run's (findings.py)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Targets:
    """Each target, made on first use, with its files in a folder of its own."""

    def __init__(self, folders: pytest.TempPathFactory):
        self._folders = folders
        self._made: Targets = {}

    def __getitem__(self, name: str) -> Target:
        if name not in self._made:
            self._made[name] = make_target(name, self._folders.mktemp(f"fuzz-{name}"))
        return self._made[name]

    def close(self) -> None:
        for target in self._made.values():
            target.close()


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Targets]:
    made = Targets(tmp_path_factory)
    yield made
    made.close()


# What an input may do: an importer reads papers, none, or refuses in one line; the library
# import adds papers or finds them there; a query is parsed (or says what is wrong) and searched.
OUTCOMES = {"papers", "no papers", "refused", "imported", "duplicates", "parsed", "error said",
            "found", "nothing found"}  # fmt: skip


def assert_kept(target: Target, data: bytes) -> str:
    """The target's promise holds for ``data``, within TIMEOUT seconds (a broken promise is
    a Finding, raised by the target's check); what the input did."""
    try:
        outcome = checked(target, data, TIMEOUT)
    except Hang:
        raise Finding(
            f"{target.name} took more than {allowed(TIMEOUT, data):.0f} s on {len(data):,} bytes"
        ) from None
    assert outcome in OUTCOMES, f"{target.name} answered {outcome!r}"
    return outcome


def _short_run(targets: Targets, name: str, strategy) -> list[str]:
    """The short run of one target: what each generated input did."""
    outcomes: list[str] = []

    @SHORT
    @given(data=strategy)
    def run(data: bytes) -> None:
        outcomes.append(assert_kept(targets[name], data))

    run()
    return outcomes


@pytest.mark.parametrize("name", [*IMPORTER_NAMES, "detect", "library"])
def test_importer_refuses_or_reads(targets: Targets, name: str) -> None:
    """Mutated fixtures, random bytes and text: papers, or the project's own refusal."""
    outcomes = _short_run(targets, name, importer_inputs(name))
    assert outcomes and set(outcomes) <= OUTCOMES


@pytest.mark.parametrize("name", ["query", "search"])
def test_any_query_text_is_answered(targets: Targets, name: str) -> None:
    """Any search-box text is parsed, and searched, without raising."""
    outcomes = _short_run(targets, name, query_inputs())
    assert outcomes and set(outcomes) <= OUTCOMES


REGRESSION_FILES = sorted(REGRESSIONS.glob("*/*.bin"))


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=lambda p: f"{p.parent.name}/{p.stem[:12]}")
def test_regression_input(targets: Targets, path: Path) -> None:
    """An input the fuzzing found now keeps its target's promise (its .txt says what broke)."""
    assert_kept(targets[path.parent.name], path.read_bytes())


# -- the checks themselves can fail --------------------------------------------------------


class _Crashing:
    name, label = "crashing", "an importer with a bug"

    def detect(self, head: str) -> float:
        return 0.0

    def parse(self, source: Source):
        raise KeyError("a bug")


def test_an_importer_bug_is_a_finding(tmp_path: Path) -> None:
    from fuzz.targets import Sources, importer_target

    target = importer_target(_Crashing(), Sources(tmp_path))  # type: ignore[arg-type]
    with pytest.raises(Finding, match="KeyError"):
        target.check(b"title\n\nabstract\n")


def test_a_refusal_that_changes_the_library_is_a_finding(tmp_path: Path, monkeypatch) -> None:
    imports = LibraryImports(tmp_path)

    def refuse_after_writing(data: bytes) -> str:
        (imports.folder / "library" / "stray").write_text("half-written")
        raise ImportRefused("fuzz input", "refused.")

    monkeypatch.setattr(imports, "_import", refuse_after_writing)
    with pytest.raises(Finding, match="changed the library"):
        imports.check(b"anything")


def test_a_message_of_two_lines_is_a_finding() -> None:
    from fuzz.targets import guarded

    def refuse() -> str:
        raise PapershelfError("first line\nsecond line")

    with pytest.raises(Finding, match="not one line"):
        guarded(refuse)

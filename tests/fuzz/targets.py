"""The fuzz targets: each takes one input (bytes) and checks what Papershelf promises about it.

- one per importer (``bibtex``, ``ris``, ...: every name in ``importers.IMPORTERS``), run with
  that importer forced, as ``papershelf import --format NAME`` does: parse to the end, clean
  every record; the only exception allowed out is the project's own error with a one-line
  message (``ImportRefused``, a ``PapershelfError``);
- ``detect``: the same, with the importer that detection picks;
- ``library``: the real import path into a library on disk (``open_source``,
  ``choose_importer``, ``import_source`` in a ``Shelf``, as the CLI does); a refused import
  leaves every file of the library byte-identical;
- ``query``: ``query.parse`` of any text returns a ``ParsedQuery`` whose error, if any, is
  one line;
- ``search``: ``Searcher.search`` of any text on a small library returns paper ids.

A check returns a word for what happened to the input (``refused``, ``papers``, ...), counted
by the runner, and raises ``Finding`` for a broken promise, with the original exception as
its cause.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fuzz.corpus import SEEDS, fixtures_by_format
from fuzz.mutations import generated
from fuzz.queries import generated_query
from papershelf.core import importers
from papershelf.core.errors import PapershelfError
from papershelf.core.importers import Importer, Source
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.query import ParsedQuery, parse
from papershelf.core.records import Furniture, Record, Skip, oversized
from papershelf.core.session import Shelf

INPUT_NAME = "fuzz input"


class Finding(AssertionError):
    """A broken promise: an exception other than the project's own, a message of several
    lines, a library changed by a refused import."""


@dataclass
class Target:
    """One thing to fuzz: how to check an input, and how to make one from a generator."""

    name: str
    check: Callable[[bytes], str]
    generate: Callable[[random.Random], bytes]
    close: Callable[[], None] = lambda: None


def check_message(exc: PapershelfError) -> None:
    """A refusal is one non-empty line, as the CLI prints it."""
    message = str(exc)
    if not message.strip() or "\n" in message or "\r" in message:
        raise Finding(f"{type(exc).__name__} with a message that is not one line: {message!r}")


def guarded(run: Callable[[], str]) -> str:
    """What ``run`` returns, ``refused`` for the project's own error; any other exception
    (MemoryError and RecursionError too) is a Finding."""
    try:
        return run()
    except PapershelfError as exc:
        check_message(exc)
        return "refused"
    except Finding:
        raise
    except Exception as exc:
        raise Finding(f"{type(exc).__name__}: {str(exc)[:300]}") from exc


def parse_all(importer: Importer, source: Source) -> str:
    """Parse ``source`` to the end and clean each record, as an import does."""
    papers = 0
    for item in importer.parse(source):
        if isinstance(item, Record):
            oversized(item.cleaned())
            papers += 1
        elif not isinstance(item, Skip | Furniture):
            raise Finding(f"{importer.name} yielded {item!r}")
    return "papers" if papers else "no papers"


class Sources:
    """An input as a source: from memory (standard input) or, for about half of the inputs,
    decided by their bytes, from a file (the streaming path a file import takes)."""

    def __init__(self, folder: Path):
        self.path = folder / "input.txt"

    def open(self, data: bytes) -> Source:
        if hashlib.sha1(data).digest()[0] & 1:
            return open_source(data=data, name=INPUT_NAME)
        self.path.write_bytes(data)
        return open_source(self.path)


def importer_target(importer: Importer, sources: Sources) -> Target:
    """Parsing with ``importer`` forced (``--format NAME``)."""
    own = fixtures_by_format().get(importer.name, [])
    every = fixtures_by_format()[""]

    def check(data: bytes) -> str:
        return guarded(lambda: parse_all(importer, sources.open(data)))

    return Target(importer.name, check, lambda rng: generated(rng, own, every))


def detect_target(sources: Sources) -> Target:
    """Parsing with the importer detection picks (no ``--format``)."""
    every = fixtures_by_format()[""]

    def run(data: bytes) -> str:
        source = sources.open(data)
        return parse_all(choose_importer(source), source)

    return Target(
        "detect", lambda data: guarded(lambda: run(data)), lambda rng: generated(rng, every, every)
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a library folder with its bytes' hash (the lock file aside)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).digest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


class LibraryImports:
    """Imports into a library on disk holding a few papers, put back after each success."""

    def __init__(self, folder: Path):
        self.template = folder / "template"
        self.folder = folder / "library"
        with Shelf(self.template / "library") as shelf:
            source = open_source(data=SEEDS.joinpath("papershelf-export.json").read_bytes())
            import_source(shelf.library, source, choose_importer(source))
        self.before = snapshot(self.template)
        self._restore()

    def _restore(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(self.template, self.folder)

    def check(self, data: bytes) -> str:
        """Import ``data`` as ``papershelf import -`` would; a refusal changes no file."""
        try:
            outcome = guarded(lambda: self._import(data))
        except Finding:
            self._restore()
            raise
        if outcome == "refused":
            changed = snapshot(self.folder) != self.before
            if changed:
                self._restore()
                raise Finding("a refused import changed the library's files")
        else:
            self._restore()
        return outcome

    def _import(self, data: bytes) -> str:
        source = open_source(data=data, name=INPUT_NAME)
        importer = choose_importer(source)
        with Shelf(self.folder / "library") as shelf:
            report = import_source(shelf.library, source, importer)
        return "imported" if report.new + report.updated else "duplicates"


def library_target(folder: Path) -> Target:
    """The real import path into a library on disk."""
    imports = LibraryImports(folder)
    every = fixtures_by_format()[""]
    return Target("library", imports.check, lambda rng: generated(rng, every, every))


def as_text(data: bytes) -> str:
    """Bytes as search-box text: UTF-8, other bytes kept as a command line keeps them."""
    return data.decode("utf-8", errors="surrogateescape")


def check_query(data: bytes) -> str:
    """``parse`` of any text returns a tree (or None) and at most a one-line error."""
    try:
        parsed = parse(as_text(data))
    except Exception as exc:
        raise Finding(f"parse raised {type(exc).__name__}: {str(exc)[:300]}") from exc
    if not isinstance(parsed, ParsedQuery):
        raise Finding(f"parse returned {parsed!r}")
    _check_error(parsed.error)
    return "error said" if parsed.error else "parsed"


def _check_error(error: str | None) -> None:
    if error is not None and (not error.strip() or "\n" in error):
        raise Finding(f"a query's error is not one line: {error!r}")


def _generated_query(rng: random.Random) -> bytes:
    return generated_query(rng).encode("utf-8", errors="surrogateescape")


class Searches:
    """Searches of a small library (the bundled sample) with its index built."""

    def __init__(self, folder: Path):
        self.shelf = Shelf(folder / "search-library")
        sample = Path(__file__).parents[2] / "resources" / "sample-trending-papers.txt"
        source = open_source(sample)
        import_source(self.shelf.library, source, choose_importer(source))
        self.shelf.index.ensure()

    def check(self, data: bytes) -> str:
        """Any text is searched (as typed, for half of the inputs) and gives paper ids."""
        typing = bool(hashlib.sha1(data).digest()[0] & 1)
        try:
            result = self.shelf.searcher.search(as_text(data), typing=typing)
        except Exception as exc:
            raise Finding(f"search raised {type(exc).__name__}: {str(exc)[:300]}") from exc
        if not all(isinstance(i, int) for i in result.ids):
            raise Finding(f"search gave ids that are not paper numbers: {result.ids[:5]!r}")
        _check_error(result.error)
        return "found" if result.ids else "nothing found"


def search_target(folder: Path) -> Target:
    """The query language through the searcher, on the sample library."""
    searches = Searches(folder)
    return Target("search", searches.check, _generated_query, searches.shelf.close)


IMPORTER_NAMES = [importer.name for importer in importers.IMPORTERS]
NAMES = [*IMPORTER_NAMES, "detect", "library", "query", "search"]


def make_target(name: str, folder: Path | None = None) -> Target:
    """The target called ``name``, with its files (a library, an input file) in ``folder``
    (a new temporary folder if not given)."""
    folder = Path(folder or tempfile.mkdtemp(prefix="papershelf-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    if name in IMPORTER_NAMES:
        return importer_target(importers.by_name(name), Sources(folder))
    if name == "detect":
        return detect_target(Sources(folder))
    if name == "library":
        return library_target(folder)
    if name == "query":
        return Target("query", check_query, _generated_query)
    if name == "search":
        return search_target(folder)
    raise KeyError(f"no fuzz target {name!r}; known: {', '.join(NAMES)}")

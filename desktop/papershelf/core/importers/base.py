"""The interface every importer implements: detect (how sure am I?) and parse (stream records).

An importer is a small object with a ``name`` (used by ``--format``), a ``label`` (shown to
people), ``detect(head) -> float`` between 0 (not mine) and 1 (certainly mine), and
``parse(source)`` yielding ``Record`` or ``Skip`` items with the line each starts on (page
readers also yield ``Furniture``, the lines they dropped).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeAlias, runtime_checkable

from papershelf.core.importers.source import Source
from papershelf.core.records import Furniture, Record, Skip

# What parsing yields: a record, a part that could not be taken, or page text dropped.
Parsed: TypeAlias = Record | Skip | Furniture


class Importer(Protocol):
    """One format family."""

    name: str
    label: str

    def detect(self, head: str) -> float:
        """How sure this importer is that text starting with ``head`` is in its format."""
        ...

    def parse(self, source: Source) -> Iterator[Parsed]:
        """Every record of the source, in order, or a Skip saying why a part was not taken."""
        ...


@runtime_checkable
class SharedImporter(Importer, Protocol):
    """A format whose records stand alone (JSON Lines), so several processes can parse it."""

    def splits(self, source: Source) -> bool:
        """Whether ``parse_share`` can read this source."""
        ...

    def parse_share(
        self, source: Source, share: int, shares: int, chunk_lines: int
    ) -> Iterator[tuple[int, list[Record | Skip]]]:
        """This process's chunks of ``chunk_lines`` lines, each with its number and items."""
        ...

"""The interface every importer implements: detect (how sure am I?) and parse (stream records).

An importer is a small object with a ``name`` (used by ``--format``), a ``label`` (shown to
people), ``detect(head) -> float`` between 0 (not mine) and 1 (certainly mine), and
``parse(source)`` yielding ``Record`` or ``Skip`` items with the line each starts on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip


class Importer(Protocol):
    """One format family."""

    name: str
    label: str

    def detect(self, head: str) -> float:
        """How sure this importer is that text starting with ``head`` is in its format."""
        ...

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Every record of the source, in order, or a Skip saying why a part was not taken."""
        ...

"""Exporting papers: BibTeX, RIS, CSL-JSON, CSV, Papershelf's own JSON and a Markdown vault.

``formats`` names the formats and runs an export; ``papers`` chooses and reads the papers;
one module a format writes it (``bibtex``, ``ris``, ``csl``, ``csv_table``, ``lossless``,
``markdown``), with ``citekeys``, ``names`` and ``filenames`` shared between them and
``atomic`` writing every file so that it is whole or not there. ``restore`` puts what the
lossless JSON carries beyond papers back when it is imported.
"""

from __future__ import annotations

from papershelf.core.exporting.atomic import ExportFailed
from papershelf.core.exporting.formats import (
    FORMATS,
    ExportResult,
    Format,
    by_name,
    check_target,
    export,
)
from papershelf.core.exporting.papers import Selection, select

__all__ = [
    "FORMATS",
    "ExportFailed",
    "ExportResult",
    "Format",
    "Selection",
    "by_name",
    "check_target",
    "export",
    "select",
]

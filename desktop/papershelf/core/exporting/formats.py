"""The export formats by name, and an export run: the papers, the format, where it goes.

A stream format writes to a file (atomically: ``atomic``) or to a stream the caller gives
(standard output); the Markdown vault writes a folder. Papers are read a chunk at a time
(``papers``) and handed to the format's writer as they come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from papershelf.core.exporting import bibtex, csl, csv_table, lossless, markdown, ris
from papershelf.core.exporting.atomic import ExportFailed, atomic_text, cannot_write
from papershelf.core.exporting.papers import annotated, papers_of
from papershelf.core.library import Library

Writer = Callable[[Library, Iterable[dict[str, Any]], TextIO], int]


@dataclass(frozen=True)
class Format:
    """One export format: its name (for --format), what it is, and how it writes."""

    name: str
    label: str
    write: Writer | None = None  # None: a folder format (the Markdown vault)

    @property
    def folder(self) -> bool:
        """Whether it writes a folder rather than one file."""
        return self.write is None


def _plain(write: Callable[[Iterable[dict[str, Any]], TextIO], int]) -> Writer:
    return lambda library, papers, out: write(papers, out)


FORMATS: tuple[Format, ...] = (
    Format("bibtex", "BibTeX / BibLaTeX", _plain(bibtex.write_bibtex)),
    Format("ris", "RIS", _plain(ris.write_ris)),
    Format("csl-json", "CSL-JSON", _plain(csl.write_csl)),
    Format("csv", "CSV", _plain(csv_table.write_csv)),
    Format(
        "json",
        "Papershelf JSON (everything, for papershelf import)",
        lambda library, papers, out: lossless.write_json(
            annotated(library, papers), out, saved=lossless.saved_rows(library)
        ),
    ),
    Format("markdown", "Markdown notes, one a paper (Obsidian, Logseq)"),
)


def by_name(name: str) -> Format:
    """The format called ``name``, or one sentence listing those there are."""
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in FORMATS)
    raise ExportFailed(f"Unknown export format {name!r}; use one of {known}.")


def check_target(fmt: Format, output: Path | None) -> None:
    """Refuse, before any work, a place the format cannot be written to."""
    try:
        _check_target(fmt, output)
    except OSError as exc:  # a name the system will not even look up (too long, ...)
        raise cannot_write(Path(output or "."), exc) from None


def _check_target(fmt: Format, output: Path | None) -> None:
    if fmt.folder:
        if output is None:
            raise ExportFailed("A Markdown export is a folder of notes; name it with -o DIR.")
        if output.exists() and not output.is_dir():
            raise ExportFailed(f"{output} is a file; a Markdown export needs a folder (-o DIR).")
        return
    if output is None:
        return
    if output.is_dir():
        raise ExportFailed(f"{output} is a folder; give the name of the file to write with -o.")
    if output.parent.exists() and not output.parent.is_dir():
        raise ExportFailed(
            f"{output.parent} is a file, not a folder; choose another place with -o."
        )
    if not output.parent.is_dir():
        raise ExportFailed(
            f"The folder {output.parent} does not exist; create it or choose another with -o."
        )


@dataclass(frozen=True)
class ExportResult:
    """How many papers an export wrote (and, for a vault, how many notes changed)."""

    count: int
    written: int | None = None
    unchanged: int | None = None


def export(
    library: Library,
    ids: Iterable[int],
    fmt: Format,
    *,
    output: Path | None = None,
    out: TextIO | None = None,
) -> ExportResult:
    """Write the papers with these ids, in this order, to ``output`` (a file written
    atomically, or the vault's folder) or, for a stream format without one, to ``out``."""
    check_target(fmt, output)
    papers = papers_of(library, ids)
    if fmt.write is None:
        assert output is not None
        vault = markdown.write_vault(annotated(library, papers), output, library.library_id or "")
        return ExportResult(vault.count, vault.written, vault.unchanged)
    if output is None:
        assert out is not None, "a stream export needs a file or a stream"
        return ExportResult(fmt.write(library, papers, out))
    with atomic_text(output) as stream:
        return ExportResult(fmt.write(library, papers, stream))

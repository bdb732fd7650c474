"""The importers, and detection of which one an input needs.

Each format family lives in its own module and registers its importer in ``IMPORTERS``.
Detection asks each one how sure it is; the most confident wins, and a close call between
two formats is refused with both named so the user can pass ``--format``. A score of 1 is a
format's own signature (a Papershelf export names itself in its first key) and wins outright.
"""

from __future__ import annotations

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import (
    arxiv,
    arxiv_atom,
    arxiv_page,
    bibtex,
    csl,
    csv_papers,
    hf_html,
    hf_page,
    json_papers,
    markdown_list,
    medline,
    papershelf_json,
    plain_text,
    pubmed_xml,
    ris,
)
from papershelf.core.importers.base import Importer
from papershelf.core.importers.source import Source

IMPORTERS: list[Importer] = [
    papershelf_json.IMPORTER,
    hf_page.IMPORTER,
    json_papers.IMPORTER,
    csl.IMPORTER,
    csv_papers.IMPORTER,
    markdown_list.IMPORTER,
    plain_text.IMPORTER,
    hf_html.IMPORTER,
    bibtex.IMPORTER,
    ris.IMPORTER,
    medline.IMPORTER,
    pubmed_xml.IMPORTER,
    arxiv.IMPORTER,
    arxiv_page.IMPORTER,
    arxiv_atom.IMPORTER,
]

SURE = 0.5
CLOSE_CALL = 0.1
SIGNATURE = 1.0


def by_name(name: str) -> Importer:
    """The importer called ``name`` (as given to --format)."""
    for importer in IMPORTERS:
        if importer.name == name:
            return importer
    known = ", ".join(i.name for i in IMPORTERS)
    raise ImportRefused("--format", f"unknown format {name!r}; known formats: {known}.")


def detect(source: Source) -> Importer:
    """The importer for ``source``, judged from its content; refuses unknown or ambiguous text."""
    head = source.head
    scored = sorted(((i.detect(head), i) for i in IMPORTERS), key=lambda pair: -pair[0])
    best_score, best = scored[0]
    if best_score >= SIGNATURE:
        return best
    if best_score < SURE:
        raise ImportRefused(
            source.name,
            "no papers recognised in it; Papershelf reads "
            + ", ".join(i.name for i in IMPORTERS)
            + " (name one with --format if it is one of them).",
        )
    rivals = [i for score, i in scored[1:] if score >= SURE and best_score - score < CLOSE_CALL]
    if rivals:
        names = ", ".join(i.name for i in [best, *rivals])
        raise ImportRefused(source.name, f"it could be any of {names}; say which with --format.")
    return best


__all__ = ["IMPORTERS", "Importer", "Source", "by_name", "detect"]

"""RIS, written by rispy's ``RisWriter``.

Each paper is a reference dict in rispy's names (``title``, ``authors``, ``abstract``,
``doi``, ``urls``...): ``JOUR`` with a venue (written as its secondary title, ``T2``, as
Zotero does), ``GEN`` otherwise. Names are written "Family, Given" as RIS asks. Every value
is one line: RIS marks a continuation only by the absence of a tag, so a line break inside a
value could start a tag of its own; an abstract's paragraphs are joined with a space. An
arXiv paper's id travels as its arXiv URL (RIS has no field for it). Tags are written with the
keywords, as reference managers do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TextIO

from rispy import RisWriter

from papershelf.core.exporting.names import family_first
from papershelf.core.exporting.papers import chunked, keywords_and_tags

CHUNK = 500


class _Writer(RisWriter):
    """rispy's RIS writer without the "1.", "2." line it puts before each reference."""

    DEFAULT_DELIMITER_MAPPING: ClassVar[dict] = {}  # one UR line per link

    def set_header(self, count: int) -> str:
        return ""


def _line(text: str) -> str:
    return " ".join(text.split())


def _date(paper: dict[str, Any]) -> str | None:
    """A full date as RIS writes it (2024/05/17); None for a year or a month alone."""
    date = paper.get("date") or ""
    if len(date) == 10 and date[4] == "-" and date[7] == "-":
        return date.replace("-", "/")
    return None


def reference(paper: dict[str, Any]) -> dict[str, Any]:
    """One paper as a rispy reference dict."""
    links = list(paper.get("links") or [])
    if paper.get("arxiv_id"):
        arxiv = f"https://arxiv.org/abs/{paper['arxiv_id']}"
        known = any("arxiv.org/" in link and paper["arxiv_id"] in link for link in links)
        links += [] if known else [arxiv]
    values: dict[str, Any] = {
        "type_of_reference": "JOUR" if paper.get("venue") else "GEN",
        "title": _line(paper["title"]),
        "authors": [_line(family_first(a)) for a in paper.get("authors") or []],
        "year": str(paper["year"]) if paper.get("year") else None,
        "date": _date(paper),
        "secondary_title": _line(paper["venue"]) if paper.get("venue") else None,
        "doi": paper.get("doi"),
        "urls": [_line(link) for link in links],
        "keywords": [_line(k) for k in keywords_and_tags(paper)],
        "abstract": _line(paper.get("abstract") or ""),
    }
    return {name: value for name, value in values.items() if value}


def write_ris(papers: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``papers`` as an RIS file, a few hundred references at a time; how many."""
    writer = _Writer()
    count = 0
    for chunk in chunked((reference(p) for p in papers), CHUNK):
        if count:
            out.write("\n")
        out.write(writer.formats(chunk))
        count += len(chunk)
    return count

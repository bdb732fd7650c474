"""CSL-JSON: the citation items pandoc, Zotero and citeproc read.

A JSON array of items: ``id`` and ``citation-key`` (the BibTeX key), ``type``
(``article-journal`` with a venue, ``article`` otherwise: CSL's type for preprints),
``title``, ``author`` ({family, given}; a name that cannot be taken apart is ``literal``),
``issued`` (``date-parts`` from the date, or the year), ``container-title``, ``DOI``, ``URL``
(the first link, or the arXiv page), ``abstract``, ``keyword`` (keywords and tags, comma
separated), and for arXiv papers ``number`` (the id, as Zotero writes it) and ``publisher``.
Written an item at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from papershelf.core.exporting.citekeys import CitationKeys
from papershelf.core.exporting.names import split_name
from papershelf.core.exporting.papers import keywords_and_tags

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def person(name: str) -> dict[str, str]:
    """One author as a CSL name."""
    parts = split_name(name)
    if parts.literal:
        return {"literal": parts.literal}
    value = {"family": parts.family_with_particle, "given": parts.given, "suffix": parts.suffix}
    return {key: text for key, text in value.items() if text}


def issued(paper: dict[str, Any]) -> dict[str, list[list[int]]] | None:
    """The CSL date: the paper's date in parts when it has one of its year, else the year."""
    match = _DATE.match(paper.get("date") or "")
    year = paper.get("year")
    if match and (year is None or int(match.group(1)) == year):
        return {"date-parts": [[int(p) for p in match.groups() if p]]}
    return {"date-parts": [[year]]} if year else None


def item(paper: dict[str, Any], key: str) -> dict[str, Any]:
    """One paper as a CSL item."""
    arxiv = paper.get("arxiv_id")
    links = paper.get("links") or []
    url = links[0] if links else f"https://arxiv.org/abs/{arxiv}" if arxiv else None
    values: dict[str, Any] = {
        "id": key,
        "citation-key": key,
        "type": "article-journal" if paper.get("venue") else "article",
        "title": paper["title"],
        "author": [person(a) for a in paper.get("authors") or []],
        "issued": issued(paper),
        "container-title": paper.get("venue"),
        "publisher": "arXiv" if arxiv and not paper.get("venue") else None,
        "number": arxiv,
        "DOI": paper.get("doi"),
        "PMID": paper.get("pmid"),
        "URL": url,
        "abstract": paper.get("abstract"),
        "keyword": ", ".join(keywords_and_tags(paper)),
    }
    return {name: value for name, value in values.items() if value}


def write_csl(papers: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``papers`` as a CSL-JSON array, an item at a time; how many."""
    keys = CitationKeys()
    count = 0
    out.write("[")
    for paper in papers:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(item(paper, keys.key(paper)), ensure_ascii=False, indent=2))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count

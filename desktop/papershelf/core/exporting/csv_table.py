"""CSV: one row a paper under a header row, for spreadsheets; written by the csv module.

Lists (authors, links, keywords, tags) are joined with "; ". The column names are the ones
reference managers and Papershelf's own CSV importer know ("Title", "Authors", "DOI", "URL"
for the first link, "Keywords"...); the rest ("Links", "Tags", "Status", "Note") are for people.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from papershelf.core.exporting.citekeys import CitationKeys

Paper = dict[str, Any]


def _joined(name: str) -> Callable[[Paper], str]:
    return lambda paper: "; ".join(paper.get(name) or [])


def _plain(name: str) -> Callable[[Paper], str]:
    return lambda paper: "" if paper.get(name) is None else str(paper[name])


COLUMNS: tuple[tuple[str, Callable[[Paper], str]], ...] = (
    ("Papershelf ID", _plain("id")),
    ("Title", _plain("title")),
    ("Authors", _joined("authors")),
    ("Year", _plain("year")),
    ("Date", _plain("date")),
    ("Venue", _plain("venue")),
    ("DOI", _plain("doi")),
    ("arXiv ID", _plain("arxiv_id")),
    ("PubMed ID", _plain("pmid")),
    ("URL", lambda paper: (paper.get("links") or [""])[0]),
    ("Links", _joined("links")),
    ("Abstract", _plain("abstract")),
    ("Keywords", _joined("keywords")),
    ("Tags", _joined("tags")),
    ("Status", _plain("status")),
    ("Added", _plain("added")),
    ("Note", _plain("note")),
)


def write_csv(papers: Iterable[Paper], out: TextIO) -> int:
    """Write ``papers`` as CSV with a header row and a citation key column; how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Citation Key", *(name for name, _ in COLUMNS)])
    keys = CitationKeys()
    count = 0
    for paper in papers:
        writer.writerow([keys.key(paper), *(value(paper) for _, value in COLUMNS)])
        count += 1
    return count

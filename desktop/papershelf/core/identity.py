"""What makes two records the same paper (design §5): DOI, arXiv id, PubMed id, title + year."""

from __future__ import annotations

import re

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
# New-style (2007+) and old-style (archive/YYMMNNN) arXiv identifiers, with an optional version.
_ARXIV = re.compile(
    r"(?:arxiv:|arxiv\.org/(?:abs|pdf)/)?"
    r"(\d{4}\.\d{4,5}|(?<![a-z.\-])[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?",
    re.IGNORECASE,
)


def normalise_doi(value: str | None) -> str | None:
    """A bare, lower-cased DOI from a DOI, a doi: prefix or a doi.org URL; None if there is none."""
    if not value:
        return None
    match = _DOI.search(value)
    if not match:
        return None
    return match.group(0).rstrip(".,;").lower()


def normalise_arxiv(value: str | None) -> str | None:
    """An arXiv identifier without its version ("2404.15574v1" -> "2404.15574"); None if none."""
    if not value:
        return None
    match = _ARXIV.search(value.strip())
    if not match:
        return None
    ident = match.group(1)
    return ident if "/" not in ident else ident.lower()


def normalise_pmid(value: str | None) -> str | None:
    """A PubMed id as its digits; None if the value holds none."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    return digits.lstrip("0") or None


_NEW_STYLE = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")


def arxiv_month(arxiv_id: str) -> tuple[int | None, str | None]:
    """The year and ``YYYY-MM`` month a new-style arXiv id (``2407.13739``) was given in."""
    match = _NEW_STYLE.match(arxiv_id)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None, None
    year = 2000 + int(match.group(1))
    return year, f"{year}-{match.group(2)}"


# Titles that name a kind of text, not a paper: two records titled so are not one paper.
# fmt: off
GENERIC_TITLES = {
    "abstract", "introduction", "summary", "title", "untitled", "paper", "article", "preface",
    "editorial", "foreword", "contents", "table of contents", "index", "author index",
    "subject index", "erratum", "errata", "correction", "corrigendum", "retraction", "reply",
    "book review", "book reviews", "letter to the editor", "letters to the editor",
    "guest editorial", "front matter", "back matter", "in memoriam", "obituary", "comment",
    "commentary", "discussion", "conclusion", "conclusions", "references", "appendix",
    "acknowledgments", "acknowledgements", "news", "announcements", "no title", "null", "none",
    "n a", "unknown", "tba", "tbd", "untitled document", "new", "trending papers",
    "daily papers",
}
# fmt: on


def identifying_title(key: str) -> bool:
    """Whether a title (its comparison key) is specific enough to match a paper by.

    At least two words and eight letters, and not a generic heading such as "Abstract".
    """
    return key.count(" ") >= 1 and sum(c.isalpha() for c in key) >= 8 and key not in GENERIC_TITLES

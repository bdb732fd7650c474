"""What makes two records the same paper (design §5): DOI, arXiv id, PubMed id, title + year."""

from __future__ import annotations

import re

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
# New-style (2007+) and old-style (archive/YYMMNNN) arXiv identifiers, with an optional version.
_ARXIV = re.compile(
    r"(?:arxiv:|arxiv\.org/(?:abs|pdf)/)?"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?",
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

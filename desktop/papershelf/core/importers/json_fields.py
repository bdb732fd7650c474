"""One decoded JSON paper record (arXiv, Semantic Scholar, OpenAlex, Crossref, HF) as a Record.

The services name the same things differently: the abstract is ``abstract``, ``summary``,
``details.abstract`` or an OpenAlex ``abstract_inverted_index``; authors are strings, ``name``
objects, Crossref ``given``/``family`` or OpenAlex ``authorships``; the DOI is ``doi``, ``DOI``,
``externalIds.DOI`` or a doi.org URL. Each helper tries the known spellings in turn.
"""

from __future__ import annotations

import re
from typing import Any

from papershelf.core.importers.markup import to_text
from papershelf.core.records import Record, Skip

_ARXIV_ID = re.compile(r"^(?:arXiv:)?(\d{4}\.\d{4,5}|[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
_ARXIV_URL = re.compile(r"(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/(\d{4}\.\d{4,5})")
_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|(?<!\s)\s+and\s+|;\s*")  # (?<!\s): linear


def _get(item: object, *path: str) -> Any:
    """A nested value, or None when any step is missing or not an object."""
    value: Any = item
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
        if value is None:
            return None
    return value


def _object(item: dict[str, Any], key: str) -> dict[str, Any]:
    """``item[key]`` if it is an object, else an empty one."""
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def _first_text(value: Any) -> str:
    """A string value, or the first string of a list (Crossref titles are lists)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value if isinstance(value, str) else ""


def unwrap(item: dict[str, Any]) -> dict[str, Any]:
    """The paper inside a Semantic Scholar citation or reference wrapper."""
    for key in ("citingPaper", "citedPaper"):
        if isinstance(item.get(key), dict):
            return item[key]
    return item


def inverted_index_text(index: Any) -> str:
    """An OpenAlex ``abstract_inverted_index`` ({word: [positions]}) back into running text."""
    if not isinstance(index, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions if isinstance(positions, list) else []:
            if isinstance(position, int):
                placed[position] = word
    return " ".join(placed[i] for i in sorted(placed))


def title_of(item: dict[str, Any]) -> str:
    """The title, from ``title`` (string or list), ``display_name`` or HF ``details.title``."""
    for value in (item.get("title"), item.get("display_name"), _get(item, "details", "title")):
        if not value:
            continue
        text = to_text(_first_text(value)).strip()
        if text:
            return text
    return ""


def abstract_of(item: dict[str, Any], title: str) -> str:
    """The abstract under any of its names; a copy of the title (HF scrapes) is no abstract."""
    candidates = (
        item.get("abstract"),
        item.get("summary"),
        _get(item, "details", "abstract"),
        item.get("abstractNote"),  # Zotero / Better BibTeX JSON
    )
    for value in candidates:
        if not value:
            continue
        text = to_text(_first_text(value)).strip()
        if text and text != title:
            return text
    return inverted_index_text(item.get("abstract_inverted_index"))


def _person(value: Any) -> str:
    """One author from a string, ``name``, ``literal``, given/family or OpenAlex ``author``."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    if isinstance(value.get("author"), dict):
        return _person(value["author"])
    for key in ("name", "display_name", "literal", "raw_author_name"):
        if isinstance(value.get(key), str) and value[key].strip():
            return value[key]
    given = value.get("given") or value.get("firstName") or ""
    family = value.get("family") or value.get("lastName") or ""
    return f"{given} {family}".strip()


def authors_of(item: dict[str, Any]) -> list[str]:
    """The author names in order."""
    parsed = item.get("authors_parsed")  # arXiv metadata snapshot: [[last, first, suffix]]
    if isinstance(parsed, list) and parsed and all(isinstance(p, list) for p in parsed):
        return [" ".join(str(x) for x in (p[1:2] + p[:1] + p[2:3]) if x) for p in parsed]
    value = (
        item.get("authors") or item.get("author") or item.get("authorships") or item.get("creators")
    )
    if isinstance(value, str):
        return [to_text(a) for a in _AUTHOR_SPLIT.split(value) if a.strip()]
    if isinstance(value, list):
        return [name for name in (_plain(_person(v)) for v in value) if name]
    return []


def _plain(name: str) -> str:
    """``to_text`` for a name, skipping its parser for the usual name without < or &."""
    return name if "<" not in name and "&" not in name else to_text(name)


def _date_parts(value: Any) -> tuple[int | None, str | None]:
    """Year and ISO date from CSL/Crossref ``{"date-parts": [[y, m, d]]}``."""
    parts = _get(value, "date-parts") if isinstance(value, dict) else None
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None, None
    try:
        numbers = [int(p) for p in parts[0][:3]]
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(1e999)
        return None, None
    if not 1000 <= numbers[0] <= 2999:
        return None, None
    return numbers[0], "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers))


def year_and_date(item: dict[str, Any]) -> tuple[int | None, str | None]:
    """The publication year and, when known, its ISO date."""
    for key in ("issued", "published", "published-print", "published-online", "created"):
        value = item.get(key)
        year, date = _date_parts(value) if value else (None, None)
        if year:
            return year, date
    for key in ("publicationDate", "publication_date", "published", "date", "update_date"):
        value = item.get(key)
        match = _YEAR.match(str(value)) if value else None
        if match:
            return int(match.group(1)), match.group(0)
    for key in ("year", "publication_year"):
        value = item.get(key)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value), None
    return None, None


def venue_of(item: dict[str, Any]) -> str | None:
    """The journal, conference or container title."""
    candidates = (
        item.get("venue"),
        _get(item, "journal", "name"),
        item.get("journal") if isinstance(item.get("journal"), str) else None,
        item.get("container-title"),
        item.get("publicationTitle"),
        _get(item, "primary_location", "source", "display_name"),
        _get(item, "host_venue", "display_name"),
    )
    for value in candidates:
        if not value:
            continue
        text = to_text(_first_text(value)).strip()
        if text:
            return text
    return None


def _ids(item: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """DOI, arXiv id and PubMed id from the fields each service uses."""
    external = _object(item, "externalIds")
    ids = _object(item, "ids")
    doi = item.get("doi") or item.get("DOI") or external.get("DOI") or ids.get("doi")
    arxiv = external.get("ArXiv") or item.get("arxiv_id")
    ident = item.get("id")
    if not arxiv and isinstance(ident, str) and _ARXIV_ID.match(ident.strip()):
        arxiv = ident.strip()
    if not arxiv:
        for link in (item.get("paper_url"), _get(item, "details", "arxiv_page_url"), ident):
            match = _ARXIV_URL.search(link) if isinstance(link, str) else None
            if match:
                arxiv = match.group(1)
                break
    pmid = external.get("PubMed") or item.get("pmid") or ids.get("pmid")
    return (
        str(doi) if doi else None,
        str(arxiv) if arxiv else None,
        str(pmid).rstrip("/").rsplit("/", 1)[-1] if pmid else None,
    )


def links_of(item: dict[str, Any]) -> list[str]:
    """Web pages for the paper: its URL, abstract and PDF pages, code links."""
    details = item.get("details")
    candidates = [
        item.get("url") or item.get("URL"),
        item.get("abs"),
        item.get("pdf"),
        item.get("paper_url"),
        _get(item, "openAccessPdf", "url"),
        _get(item, "primary_location", "landing_page_url"),
        _get(details, "arxiv_page_url"),
    ]
    github = _get(details, "github_links")
    if isinstance(github, list):
        candidates.extend(github)
    found = [c for c in candidates if isinstance(c, str) and c.startswith(("http://", "https://"))]
    return list(dict.fromkeys(found))


def keywords_of(item: dict[str, Any]) -> list[str]:
    """Subject categories and keywords (arXiv categories, Crossref subjects, OpenAlex keywords)."""
    value = item.get("categories") or item.get("keywords") or item.get("subject")
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        names = [v if isinstance(v, str) else _get(v, "display_name") for v in value]
        return [n for n in names if isinstance(n, str) and n.strip()]
    return []


def to_record(item: Any, line: int) -> Record | Skip:
    """The Record for one decoded JSON item, or a Skip saying why it is not a paper."""
    if item is None:
        return Skip(line, "an empty entry (null) where a paper was expected.")
    if not isinstance(item, dict):
        return Skip(line, f"a {type(item).__name__} where a paper record was expected.")
    item = unwrap(item)
    title = title_of(item)
    if not title:
        return Skip(line, "a record without a title.")
    year, date = year_and_date(item)
    doi, arxiv, pmid = _ids(item)
    return Record(
        title=title,
        line=line,
        abstract=abstract_of(item, title),
        authors=authors_of(item),
        year=year,
        date=date,
        venue=venue_of(item),
        doi=doi,
        arxiv_id=arxiv,
        pmid=pmid,
        links=links_of(item),
        keywords=keywords_of(item),
    )

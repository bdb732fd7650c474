"""arXiv API Atom XML (``export.arxiv.org/api/query`` answers): a ``<feed>`` of ``<entry>``.

Each entry carries ``<id>http://arxiv.org/abs/ID</id>``, ``<title>``, ``<summary>`` (the
abstract, hard-wrapped, with the authors' LaTeX), ``<author><name>``, ``<published>`` (the first
version), and arXiv's own extension elements ``<arxiv:doi>``, ``<arxiv:journal_ref>``; links to
the abstract page and the PDF; ``<category term=...>`` for each subject class. An API error is a
feed whose single entry has an ``.../api/errors#...`` id, and a query matching nothing is a feed
with OpenSearch counts and no entry: both are refused with a sentence saying so.

Read with lxml's ``iterparse`` so a large feed streams: each entry becomes a Record at its end
tag, then is cleared. The parser never loads a DTD, never resolves entities and never touches
the network, so a document type in a hostile file can neither read local files nor fetch
anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from papershelf.core.errors import ImportRefused
from papershelf.core.importers.source import Source
from papershelf.core.importers.xmlstream import element_text, forget, safe_iterparse
from papershelf.core.latex import latex_to_text
from papershelf.core.records import Record, Skip

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
_ENTRY = f"{{{ATOM}}}entry"
_TOTAL = f"{{{OPENSEARCH}}}totalResults"
_FEED = re.compile(r"<(?:\w+:)?feed\b[^>]*http://www\.w3\.org/2005/Atom")
_ARXIV_SIGNS = re.compile(r"arxiv\.org/(?:abs/|api/|schemas/atom)", re.IGNORECASE)
_DATE = re.compile(r"^((\d{4})-\d{2}-\d{2})")
# An abstract paragraph starts on a new line indented by two or more spaces (as in .abs files).
_PARAGRAPH = re.compile(r"\n(?=[ \t]{2,}\S)")


class ArxivAtom:
    """Importer for arXiv API Atom feeds."""

    name = "arxiv-atom"
    label = "arXiv API Atom XML"

    def detect(self, head: str) -> float:
        """Certain for an Atom feed that names arXiv; unsure for other Atom feeds."""
        if "<" not in head[:500] or not _FEED.search(head):
            return 0.0
        return 0.95 if _ARXIV_SIGNS.search(head) else 0.55

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each entry as a Record (Skip without a title); a broken feed stops with a Skip."""
        found = 0
        total: str | None = None
        with source.open() as stream:
            events = safe_iterparse(stream, (_ENTRY, _TOTAL))
            try:
                for _, element in events:
                    if element.tag == _TOTAL:
                        total = (element.text or "").strip()
                        continue
                    _refuse_api_error(element, source.name)
                    found += 1
                    yield _entry(element)
                    forget(element)
            except etree.XMLSyntaxError as exc:
                line = exc.lineno or 0
                if not found:
                    reason = f"this is not readable XML ({exc.msg})."
                    raise ImportRefused(source.name, reason, line) from None
                yield Skip(line, f"the feed breaks off here ({exc.msg}); the rest is not read")
                return
        if not found:
            raise ImportRefused(source.name, _empty_reason(total))


def _empty_reason(total: str | None) -> str:
    """Why a well-formed feed without entries gives nothing to import."""
    if total and total.isdigit() and int(total) > 0:
        return (
            f"this arXiv API feed lists no papers (the query matched {total}, but this page "
            "starts after the last one); there is nothing to import."
        )
    return "this arXiv API feed lists no papers (the query matched none); nothing to import."


def _refuse_api_error(entry: etree._Element, name: str) -> None:
    """Refuse the feed the API sends instead of results when a query is wrong."""
    ident = element_text(entry.find(f"{{{ATOM}}}id"))
    if "/api/errors" in ident:
        message = element_text(entry.find(f"{{{ATOM}}}summary")) or ident.rpartition("#")[2]
        raise ImportRefused(
            name, f"the arXiv API answered with an error, not papers: {message}.", entry.sourceline
        )


def _entry(entry: etree._Element) -> Record | Skip:
    """A Record from one ``<entry>``."""
    line = entry.sourceline or 0
    ident = element_text(entry.find(f"{{{ATOM}}}id"))
    title = element_text(entry.find(f"{{{ATOM}}}title"))
    if not title:
        return Skip(
            line, f"the entry {ident or 'without an id'} has no title; it cannot be a paper"
        )
    year, date = _year_and_date(element_text(entry.find(f"{{{ATOM}}}published")))
    doi = element_text(entry.find(f"{{{ARXIV}}}doi"))
    return Record(
        title=latex_to_text(title),
        line=line,
        abstract=latex_to_text(_abstract(entry.find(f"{{{ATOM}}}summary"))),
        authors=[
            latex_to_text(name)
            for name in (
                element_text(a.find(f"{{{ATOM}}}name")) for a in entry.iterfind(f"{{{ATOM}}}author")
            )
            if name
        ],
        year=year,
        date=date,
        venue=element_text(entry.find(f"{{{ARXIV}}}journal_ref")) or None,
        doi=doi.split()[0] if doi else None,
        arxiv_id=ident or None,
        links=_links(entry, ident),
        keywords=[t for c in entry.iterfind(f"{{{ATOM}}}category") if (t := c.get("term"))],
    )


def _abstract(element: etree._Element | None) -> str:
    """The summary with its hard wrapping undone and indented paragraph starts kept apart."""
    if element is None:
        return ""
    text = "".join(element.itertext()).strip()
    return "\n\n".join(" ".join(p.split()) for p in _PARAGRAPH.split(text) if p.strip())


def _links(entry: etree._Element, ident: str) -> list[str]:
    """The abstract page first, then the PDF (arXiv's own links only)."""
    abstract_page, pdf = None, None
    for link in entry.iterfind(f"{{{ATOM}}}link"):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if link.get("rel", "alternate") == "alternate" and abstract_page is None:
            abstract_page = href
        elif link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf = pdf or href
    if abstract_page is None and ident.startswith("http"):
        abstract_page = ident
    return [u for u in (abstract_page, pdf) if u]


def _year_and_date(published: str) -> tuple[int | None, str | None]:
    """Year and ISO date of the first version, from ``2003-07-07T13:46:39-04:00``."""
    match = _DATE.match(published)
    return (int(match.group(2)), match.group(1)) if match else (None, None)


IMPORTER = ArxivAtom()

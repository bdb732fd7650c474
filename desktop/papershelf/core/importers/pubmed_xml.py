"""PubMed XML (``<PubmedArticleSet>`` from efetch or the annual baseline, ``<PubmedBookArticle>``).

Read with lxml's ``iterparse`` so a 200 MB baseline file streams: each article is turned into
a Record when its end tag is reached, then cleared and dropped from the tree. The parser never
loads the DTD, never resolves entities and never touches the network, so a document type or
an external entity in a hostile file can neither read local files nor fetch anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from lxml import etree

from papershelf.core.errors import ImportRefused
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip

ARTICLES = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation")
_MARKERS = re.compile(r"<(?:PubmedArticleSet|PubmedArticle|PubmedBookArticle|MedlineCitation)\b")
_XML_DECL = re.compile(r"^(\ufeff?\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']")
_YEAR = re.compile(r"\d{4}")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
READ_CHARS = 64 * 1024


class PubmedXml:
    """Importer for PubMed / MEDLINE XML."""

    name = "pubmed-xml"
    label = "PubMed XML"

    def detect(self, head: str) -> float:
        """Certain when PubMed's article elements appear in XML."""
        return 0.95 if "<" in head[:200] and _MARKERS.search(head) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each article as a Record (Skip without a title); a broken file stops with a Skip."""
        found = 0
        with source.open() as stream:
            events = etree.iterparse(
                _Utf8Reader(stream),
                events=("end",),
                tag=ARTICLES,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                dtd_validation=False,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            try:
                for _, element in events:
                    parent = element.getparent()
                    if parent is not None and parent.tag == "PubmedArticle":
                        continue  # read with its PubmedArticle, which holds the DOI too
                    found += 1
                    yield _article(element)
                    _forget(element)
            except etree.XMLSyntaxError as exc:
                line = exc.lineno or 0
                if not found:
                    reason = f"this is not readable XML ({exc.msg})."
                    raise ImportRefused(source.name, reason, line) from None
                yield Skip(line, f"the XML breaks off here ({exc.msg}); the rest is not read")


class _Utf8Reader:
    """The decoded text stream as UTF-8 bytes for lxml, with the XML encoding label fixed."""

    def __init__(self, stream: IO[str]):
        self._stream = stream
        self._first = True

    def read(self, size: int = -1) -> bytes:
        """Up to about ``size`` bytes of the document."""
        text = self._stream.read(READ_CHARS if size is None or size < 0 else max(size // 4, 1))
        if self._first:
            # Source already decoded the text; a label such as ISO-8859-1 would now be wrong.
            text = _XML_DECL.sub(r'\1 encoding="UTF-8"', text.lstrip("\ufeff"), count=1)
            self._first = False
        return text.encode("utf-8")


def _forget(element: etree._Element) -> None:
    """Free an article and everything before it, keeping memory flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _article(element: etree._Element) -> Record | Skip:
    """A Record from a PubmedArticle, PubmedBookArticle or bare MedlineCitation element."""
    line = element.sourceline or 0
    title = _text(element.find(".//ArticleTitle")) or _text(element.find(".//BookTitle"))
    if not title:
        return Skip(line, "this article has no ArticleTitle; it cannot be a paper")
    year, date = _year_and_date(element)
    journal = element.find(".//Journal")
    venue = (
        _text(journal.find("Title")) or _text(journal.find("ISOAbbreviation"))
        if journal is not None
        else ""
    )
    return Record(
        title=title,
        line=line,
        abstract=_abstract(element.find(".//Abstract")),
        authors=_authors(element.find(".//AuthorList")),
        year=year,
        date=date,
        venue=venue or None,
        doi=_doi(element),
        pmid=_text(element.find(".//PMID")) or None,
        keywords=[_text(k) for k in element.iterfind(".//KeywordList/Keyword") if _text(k)],
    )


def _text(element: etree._Element | None) -> str:
    """All text inside an element (italics, sub/superscripts, MathML), whitespace squashed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _abstract(element: etree._Element | None) -> str:
    """Abstract paragraphs; structured ones as "LABEL: text"."""
    if element is None:
        return ""
    paragraphs = []
    for part in element.iterfind("AbstractText"):
        text = _text(part)
        label = (part.get("Label") or "").strip()
        if label and label.upper() != "UNLABELLED":
            text = f"{label}: {text}"
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _authors(element: etree._Element | None) -> list[str]:
    """Author names as "First Last" (collective names as written)."""
    if element is None:
        return []
    names = []
    for author in element.iterfind("Author"):
        collective = _text(author.find("CollectiveName"))
        parts = [_text(author.find(tag)) for tag in ("ForeName", "LastName")]
        name = " ".join(p for p in parts if p) or collective
        suffix = _text(author.find("Suffix"))
        if name:
            names.append(f"{name}, {suffix}" if suffix else name)
    return names


def _doi(element: etree._Element) -> str | None:
    for path in (".//ArticleIdList/ArticleId[@IdType='doi']", ".//ELocationID[@EIdType='doi']"):
        found = element.find(path)
        if found is not None and _text(found):
            return _text(found)
    return None


def _year_and_date(element: etree._Element) -> tuple[int | None, str | None]:
    """Year and, when complete, the ISO date of the issue (or the electronic publication)."""
    for path in (".//JournalIssue/PubDate", ".//ArticleDate", ".//Book/PubDate", ".//PubDate"):
        pub = element.find(path)
        if pub is None:
            continue
        year = _YEAR.search(_text(pub.find("Year")) or _text(pub.find("MedlineDate")))
        if not year:
            continue
        month, day = _text(pub.find("Month")).lower()[:3], _text(pub.find("Day"))
        number = (
            MONTHS.index(month) + 1 if month in MONTHS else int(month) if month.isdigit() else 0
        )
        if 1 <= number <= 12 and day.isdigit():
            return int(year.group()), f"{year.group()}-{number:02d}-{int(day):02d}"
        return int(year.group()), None
    return None, None


IMPORTER = PubmedXml()

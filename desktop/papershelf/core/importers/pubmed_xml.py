"""PubMed XML (``<PubmedArticleSet>`` from efetch or the annual baseline, ``<PubmedBookArticle>``).

Read with lxml's ``iterparse`` so a 200 MB baseline file streams: each article is turned into
a Record when its end tag is reached, then cleared and dropped from the tree. The parser never
loads the DTD, never resolves entities and never touches the network, so a document type or
an external entity in a hostile file can neither read local files nor fetch anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from papershelf.core.errors import ImportRefused
from papershelf.core.importers.medline import MONTHS
from papershelf.core.importers.source import Source
from papershelf.core.importers.xmlstream import element_text, forget, safe_iterparse
from papershelf.core.records import Record, Skip

ARTICLES = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation")
_MARKERS = re.compile(r"<(?:PubmedArticleSet|PubmedArticle|PubmedBookArticle|MedlineCitation)\b")
_YEAR = re.compile(r"\d{4}")


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
            events = safe_iterparse(stream, ARTICLES)
            try:
                for _, element in events:
                    parent = element.getparent()
                    if parent is not None and parent.tag == "PubmedArticle":
                        continue  # read with its PubmedArticle, which holds the DOI too
                    found += 1
                    yield _article(element)
                    forget(element)
            except etree.XMLSyntaxError as exc:
                line = exc.lineno or 0
                if not found:
                    reason = f"this is not readable XML ({exc.msg})."
                    raise ImportRefused(source.name, reason, line) from None
                yield Skip(line, f"the XML breaks off here ({exc.msg}); the rest is not read")


def _article(element: etree._Element) -> Record | Skip:
    """A Record from a PubmedArticle, PubmedBookArticle or bare MedlineCitation element."""
    line = element.sourceline or 0
    title = element_text(element.find(".//ArticleTitle")) or element_text(
        element.find(".//BookTitle")
    )
    if not title:
        return Skip(line, "this article has no ArticleTitle; it cannot be a paper")
    year, date = _year_and_date(element)
    journal = element.find(".//Journal")
    venue = (
        element_text(journal.find("Title")) or element_text(journal.find("ISOAbbreviation"))
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
        pmid=element_text(element.find(".//PMID")) or None,
        keywords=[
            element_text(k) for k in element.iterfind(".//KeywordList/Keyword") if element_text(k)
        ],
    )


def _abstract(element: etree._Element | None) -> str:
    """Abstract paragraphs; structured ones as "LABEL: text"."""
    if element is None:
        return ""
    paragraphs = []
    for part in element.iterfind("AbstractText"):
        text = element_text(part)
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
        collective = element_text(author.find("CollectiveName"))
        parts = [element_text(author.find(tag)) for tag in ("ForeName", "LastName")]
        name = " ".join(p for p in parts if p) or collective
        suffix = element_text(author.find("Suffix"))
        if name:
            names.append(f"{name}, {suffix}" if suffix else name)
    return names


def _doi(element: etree._Element) -> str | None:
    for path in (".//ArticleIdList/ArticleId[@IdType='doi']", ".//ELocationID[@EIdType='doi']"):
        found = element.find(path)
        if found is not None and element_text(found):
            return element_text(found)
    return None


def _year_and_date(element: etree._Element) -> tuple[int | None, str | None]:
    """Year and, when complete, the ISO date of the issue (or the electronic publication)."""
    for path in (".//JournalIssue/PubDate", ".//ArticleDate", ".//Book/PubDate", ".//PubDate"):
        pub = element.find(path)
        if pub is None:
            continue
        year = _YEAR.search(element_text(pub.find("Year")) or element_text(pub.find("MedlineDate")))
        if not year:
            continue
        month, day = element_text(pub.find("Month")).lower()[:3], element_text(pub.find("Day"))
        number = (
            MONTHS.index(month) + 1 if month in MONTHS else int(month) if month.isdigit() else 0
        )
        if 1 <= number <= 12 and day.isdigit():
            return int(year.group()), f"{year.group()}-{number:02d}-{int(day):02d}"
        return int(year.group()), None
    return None, None


IMPORTER = PubmedXml()

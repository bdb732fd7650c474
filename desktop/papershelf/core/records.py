"""The record every importer yields, before it becomes a paper in the library."""

from __future__ import annotations

from dataclasses import dataclass, field

from papershelf.core.identity import normalise_arxiv, normalise_doi, normalise_pmid
from papershelf.core.textutil import find_urls, paragraphs, squash

STATUSES = ("unread", "reading", "read")

# Bibliographic fields a re-import may fill when the library has them empty.
FILLABLE = (
    "abstract",
    "authors",
    "year",
    "date",
    "venue",
    "doi",
    "arxiv_id",
    "pmid",
    "links",
    "keywords",
)


@dataclass
class Record:
    """One paper as read from an input, with the line it starts on."""

    title: str
    line: int = 0
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    date: str | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    pmid: str | None = None
    links: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    def __reduce__(self) -> tuple:
        # Pickled as its fields in order: a 75k-paper import sends every record from the
        # parsing worker, and the default (a dict per record) took twice as long to load.
        return (Record, tuple(getattr(self, name) for name in _FIELDS))

    def cleaned(self) -> Record:
        """The record with whitespace squashed, ids normalised and abstract URLs as links."""
        abstract = paragraphs(self.abstract)
        links = list(dict.fromkeys([*self.links, *find_urls(abstract)]))
        return Record(
            title=squash(self.title),
            line=self.line,
            abstract=abstract,
            authors=_squashed(self.authors),
            year=self.year,
            date=self.date,
            venue=squash(self.venue) if self.venue else None,
            doi=normalise_doi(self.doi),
            arxiv_id=normalise_arxiv(self.arxiv_id),
            pmid=normalise_pmid(self.pmid),
            links=links,
            keywords=_squashed(self.keywords),
        )


_FIELDS = tuple(Record.__dataclass_fields__)


def _squashed(values: list[str]) -> list[str]:
    return [v for v in (" ".join(value.split()) for value in values) if v]  # squash, inlined


@dataclass(frozen=True)
class Skip:
    """A part of the input that looked like a record but could not be taken, and why."""

    line: int
    reason: str

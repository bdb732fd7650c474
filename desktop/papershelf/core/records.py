"""The record every importer yields, before it becomes a paper in the library."""

from __future__ import annotations

from dataclasses import dataclass, field

from papershelf.core.identity import arxiv_month, normalise_arxiv, normalise_doi, normalise_pmid
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
    "authors_count",
    "github",
    "github_stars",
    "project_page",
    "upvotes",
    "listed",
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
    # What a papers page shows beside the paper: "8 authors" when the names are not given,
    # the GitHub repository and its stars, the project page, the upvotes, the page's date.
    authors_count: int | None = None
    github: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    upvotes: int | None = None
    listed: str | None = None

    def __reduce__(self) -> tuple:
        # Pickled as its fields in order: a 75k-paper import sends every record from the
        # parsing worker, and the default (a dict per record) took twice as long to load.
        return (Record, tuple(getattr(self, name) for name in _FIELDS))

    def cleaned(self) -> Record:
        """The record with whitespace squashed, ids normalised and abstract URLs as links.

        A new-style arXiv id gives the year and month when the source gives no date.
        """
        abstract = paragraphs(self.abstract)
        links = list(dict.fromkeys([*self.links, *find_urls(abstract)]))
        arxiv_id = normalise_arxiv(self.arxiv_id)
        year, date = self.year, self.date
        if year is None and date is None and arxiv_id:
            year, date = arxiv_month(arxiv_id)
        return Record(
            title=squash(self.title),
            line=self.line,
            abstract=abstract,
            authors=_squashed(self.authors),
            year=year,
            date=date,
            venue=squash(self.venue) if self.venue else None,
            doi=normalise_doi(self.doi),
            arxiv_id=arxiv_id,
            pmid=normalise_pmid(self.pmid),
            links=links,
            keywords=_squashed(self.keywords),
            authors_count=self.authors_count,
            github=self.github,
            github_stars=self.github_stars,
            project_page=self.project_page,
            upvotes=self.upvotes,
            listed=self.listed,
        )


_FIELDS = tuple(Record.__dataclass_fields__)


def _squashed(values: list[str]) -> list[str]:
    return [v for v in (" ".join(value.split()) for value in values) if v]  # squash, inlined


# Sizes no paper reaches: the longest real abstracts are a few thousand words, the longest
# author lists (particle physics) about 5,000 names. A record past them is a broken or hostile
# file (a macro expanded a million times, a log pasted as one abstract), never stored.
MAX_TITLE = 2_000
MAX_ABSTRACT = 100_000
MAX_AUTHORS = 10_000
MAX_KEYWORDS = 1_000  # MeSH terms and author keywords: a few dozen
MAX_LINKS = 1_000


def unfit(record: Record) -> str | None:
    """Why a cleaned record cannot be stored as a paper (no title, or too big), or None."""
    if not record.title:
        return "a record without a title"
    return oversized(record)


def oversized(record: Record) -> str | None:
    """Why a record is too big to be a paper, or None."""
    for what, size, limit, unit in (
        ("title", len(record.title), MAX_TITLE, "characters"),
        ("abstract", len(record.abstract), MAX_ABSTRACT, "characters"),
        ("author list", len(record.authors), MAX_AUTHORS, "names"),
        ("keyword list", len(record.keywords), MAX_KEYWORDS, "keywords"),
        ("list of links", len(record.links), MAX_LINKS, "links"),
    ):
        if size > limit:
            return (
                f"its {what} is {size:,} {unit} long, more than any paper's ({limit:,} at "
                "most); the record is broken"
            )
    return None


@dataclass(frozen=True)
class Skip:
    """A part of the input that looked like a record but could not be taken, and why.

    In a structured format a skip refuses the import unless the user keeps the valid
    records; in page text (``refuses=False``) it is listed and the rest imports.
    """

    line: int
    reason: str
    refuses: bool = True


@dataclass(frozen=True)
class Furniture:
    """Lines of page text that are not a paper (a menu, a banner, a footer), dropped."""

    line: int
    text: str
    lines: int = 1

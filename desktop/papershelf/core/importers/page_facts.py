"""Steps three and four of reading a page: each fact given to its paper, and the records.

A fact whose link names a paper (``login?next=/papers/ID``, ``/papers/ID#community``) goes to
that paper; one between a title and its abstract to that paper; the rest go by the side of the
paper they sit on in this page, read from the lines before the first paper and after the last
(firecrawl puts upvotes above a title and "N authors" below the abstract; other captures
differ). A date above the first paper is the page's own. A paper listed twice is one paper
when the two copies share an arXiv id or a title and abstract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from papershelf.core.identity import arxiv_month
from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.page_lines import Item
from papershelf.core.importers.page_units import PageContext
from papershelf.core.records import Record
from papershelf.core.textutil import title_key

# Facts only a paper has: a page's heading or banner never shows them.
PAPER_FACTS = {"authors_count", "authors", "arxiv", "paper", "github", "submitted"}

# Which side of its paper a fact sits on when the page itself does not tell.
DEFAULT_SIDE = {
    "upvotes": "before",
    "count": "before",
    "submitted": "before",
    "authors_count": "after",
    "comments": "after",
    "date": "after",
    "github": "after",
    "project": "after",
    "arxiv": "after",
    "paper": "after",
    "authors": "after",
}


@dataclass
class Paper:
    title: Item
    abstract: list[Item] = field(default_factory=list)
    facts: list[tuple[int, int, signals.Fact]] = field(default_factory=list)  # rank, index
    start: int = 0  # index of the title in the items
    end: int = 0  # index of the last item of its core (title or abstract)
    arxiv_id: str | None = None
    broken: bool = False  # a block that could not be read: it holds its facts, no record


def assign_facts(items: list[Item], papers: list[Paper]) -> signals.Date | None:
    """Give every fact to its paper; returns the page's own date if it shows one.

    A date above the first paper is the page's (the day of a daily page); papers' own
    dates come after them in every layout seen.
    """
    if not papers:
        return None
    core = {i: p for p in papers for i in range(p.start, p.end + 1)}
    for paper in papers:
        paper.arxiv_id = next(
            (pid for link in paper.title.unit.links if (pid := signals.paper_id(link))), None
        )
    for index, paper in core.items():
        fact = items[index].fact
        if fact and fact.kind in ("paper", "arxiv") and not paper.arxiv_id:
            paper.arxiv_id = str(fact.value)
    by_id = {p.arxiv_id: p for p in papers if p.arxiv_id}
    sides = _sides(items, papers)
    page_date = None
    for index, item in enumerate(items):
        fact = item.fact
        if item.kind != "fact" or item.used or fact is None:
            continue
        targeted = by_id.get(fact.target or "")
        owner = targeted or core.get(index)
        if owner is None and fact.kind == "date" and index < papers[0].start:
            page_date = page_date or fact.date()[0]
            item.used = True
            continue
        rank = 0 if targeted else 1 if owner else 2  # a fact naming its paper wins
        owner = owner or _by_side(index, fact.kind, sides, papers)
        if owner is not None:
            # Of two facts of a kind, the one nearer the paper: an upvote count just above a
            # title is that paper's, not the count the previous card ended with.
            distance = owner.start - index if index < owner.start else index - owner.end
            owner.facts.append((rank, distance, fact))
            item.used = True
    for paper in papers:
        paper.facts.sort(key=lambda ranked: ranked[:2])
        if not paper.arxiv_id:  # "Paper · 2608.16590" below a collection's title
            ids = (f.value for _r, _d, f in paper.facts if f.kind in ("paper", "arxiv"))
            paper.arxiv_id = next((str(v) for v in ids if v), None)
    return page_date


def unlike_papers(papers: list[Paper]) -> list[Paper]:
    """Papers that are not like the rest of their page: where nearly every paper shows its
    arXiv id, a plain line and a sentence with no id, link or paper fact (a collection's own
    name and description) is the page's heading, not a paper."""
    shown = [p for p in papers if not p.broken]
    with_id = sum(1 for p in shown if p.arxiv_id)
    if with_id < 3 or with_id < 0.8 * len(shown):
        return []
    return [
        p
        for p in shown
        if not p.arxiv_id
        and not p.title.unit.heading
        and not p.title.unit.links
        and not any(f.kind in PAPER_FACTS for _r, _d, f in p.facts)
    ]


def _sides(items: list[Item], papers: list[Paper]) -> dict[str, str]:
    """For each kind of fact, whether this page puts it before or after its paper."""
    lead = {i.fact.kind for i in items[: papers[0].start] if i.fact and i.fact.kind != "date"}
    tail = {i.fact.kind for i in items[papers[-1].end + 1 :] if i.fact}
    sides = dict(DEFAULT_SIDE)
    for kind in lead | tail:
        if kind in lead and kind not in tail:
            sides[kind] = "before"
        elif kind in tail and kind not in lead:
            sides[kind] = "after"
    return sides


def _by_side(index: int, kind: str, sides: dict[str, str], papers: list[Paper]) -> Paper | None:
    """The paper a fact in a gap belongs to, by the side its kind sits on."""
    if sides.get(kind, "after") == "before":
        return next((p for p in papers if p.start > index), None)
    return next((p for p in reversed(papers) if p.end < index), None)


def record_of(paper: Paper, context: PageContext, listed: str | None) -> Record:
    links = [link for link in paper.title.unit.links if signals.paper_id(link)]
    record = Record(
        title=paper.title.unit.text,
        line=paper.title.unit.line,
        abstract="\n\n".join(i.unit.text for i in paper.abstract),
        arxiv_id=paper.arxiv_id,
        links=links[:1],
    )
    for _rank, _index, fact in paper.facts:
        _apply(record, fact, context)
    record.listed = listed
    if paper.arxiv_id and not record.links:
        record.links = [f"https://huggingface.co/papers/{paper.arxiv_id}"]
    return record


def _apply(record: Record, fact: signals.Fact, context: PageContext) -> None:
    kind, value = fact.kind, fact.value
    if kind == "authors_count" and record.authors_count is None:
        record.authors_count = int(value)  # type: ignore[call-overload]
    elif kind == "authors" and not record.authors:
        record.authors = list(value)  # type: ignore[call-overload]
    elif kind in ("upvotes", "count") and record.upvotes is None:
        record.upvotes = int(value)  # type: ignore[call-overload]
    elif kind == "github" and record.github is None and record.github_stars is None:
        url, stars = fact.github()
        record.github, record.github_stars = url, stars
        if url:
            record.links.append(url)
    elif kind == "project" and record.project_page is None:
        record.project_page = str(value)
        record.links.append(str(value))
    elif kind == "date" and record.date is None:
        shown, _comments = fact.date()
        if shown.year is not None or context.captured is not None:
            record.date = _iso(shown, context)  # "May 30" on a page captured in 2026
            record.year = int(record.date[:4]) if record.date else None


def page_day(shown: signals.Date, context: PageContext, papers: list[Paper]) -> str | None:
    """The page's own date ("Mar 14" above a daily page) as ISO 8601.

    A page shows no year for this year's dates. The year is the capture's, when the capture
    says when it was made; else the first year the page's newest arXiv id allows (a page
    lists papers already out); else it is not known and the date is kept as ``--03-14``.
    """
    if shown.year is not None or context.captured is not None:
        return _iso(shown, context)
    months = [m for p in papers if p.arxiv_id and (m := arxiv_month(p.arxiv_id)[1])]
    if not months:
        return f"--{shown.month:02d}-{shown.day:02d}" if _valid(2000, shown) else None
    newest = max(months)
    year = int(newest[:4])
    if (shown.month, shown.day) < (int(newest[5:]), 1):
        year += 1
    return _iso(signals.Date(shown.month, shown.day, year), context)


def _iso(shown: signals.Date, context: PageContext) -> str | None:
    """The ISO date of a date shown on the page; a date without a year is the capture's
    year (the year before, for a December date on a page captured in January)."""
    year = shown.year
    if year is None:
        captured = context.captured or date.today()
        year = captured.year
        if (shown.month, shown.day) > (captured.month, captured.day):
            year -= 1
    return date(year, shown.month, shown.day).isoformat() if _valid(year, shown) else None


def _valid(year: int, shown: signals.Date) -> bool:
    try:
        date(year, shown.month, shown.day)
    except ValueError:
        return False
    return True


def dedupe(records: list[Record]) -> list[Record]:
    """A paper the page lists twice, once: same arXiv id, or same title and abstract."""
    kept: list[Record] = []
    seen: dict[tuple[str, str], Record] = {}
    for record in records:
        keys = [("id", record.arxiv_id)] if record.arxiv_id else []
        keys.append(("text", title_key(record.title) + "\x00" + title_key(record.abstract)[:300]))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is None:
            kept.append(record)
            for key in keys:
                seen[key] = record
            continue
        for name in Record.__dataclass_fields__:
            if getattr(first, name) in (None, "", []) and getattr(record, name) not in (None, ""):
                setattr(first, name, getattr(record, name))
    return kept

"""Reading the papers on a page from its lines: titles, abstracts, and the facts around them.

No library reads "a page of papers, however it was captured", so this is written here. It
works on the units of ``page_units`` (plain lines with their links), classified one at a time
by ``page_signals``, and finds papers by structure, not by the layout of one capture tool:

1. **Lines become paragraphs.** Lines of one block that belong together are joined (a title
   wrapped over two lines, an abstract hard-wrapped by a text browser); a block holding a
   title and its abstract with no blank line between is split where the prose starts.
2. **Each abstract takes its title.** Prose (an abstract or a one-sentence summary) takes the
   nearest title-like line before it since the previous paper, preferring one that links to a
   paper page or is a heading. A title with no abstract is a paper only on evidence (a link to
   its paper page, or a heading with paper facts around it); other short lines are furniture.
3. **Facts find their paper.** A fact whose link names a paper (``login?next=/papers/ID``,
   ``/papers/ID#community``) goes to that paper; one between a title and its abstract to that
   paper; the rest go by the side of the paper they sit on in this page, read from the lines
   before the first paper and after the last (firecrawl puts upvotes above a title, "N authors"
   below the abstract; other captures differ).
4. **A paper listed twice is one paper** when the two copies share an arXiv id or a title and
   abstract; everything not taken is furniture, reported with its lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.page_facts import (
    Paper,
    assign_facts,
    dedupe,
    page_day,
    record_of,
    unlike_papers,
)
from papershelf.core.importers.page_lines import Item, classify, paragraphs, split_facts
from papershelf.core.importers.page_units import PageContext, Unit
from papershelf.core.records import Furniture, Record, Skip

PAPER_FACTS = {"authors_count", "arxiv", "paper"}
ORPHAN_WORDS = 20  # prose this long with no title is a broken block, not a banner


def read_page(
    units: Sequence[Unit], context: PageContext | None = None
) -> Iterator[Record | Skip | Furniture]:
    """The papers on a page, the blocks that could not be read, and the furniture, by line."""
    context = context or PageContext()
    items = paragraphs([classify(u, context.plain) for u in split_facts(units)])
    papers, broken = find_papers(items, context.plain)
    page_date = assign_facts(items, papers)
    for paper in unlike_papers(papers):
        papers.remove(paper)
        for item in (paper.title, *paper.abstract):
            item.used = False
        for _rank, _distance, fact in paper.facts:
            for item in items:
                if item.fact is fact:
                    item.used = False
    listed = page_day(page_date, context, papers) if page_date else None
    records = dedupe([record_of(p, context, listed) for p in papers if not p.broken])
    out: list[Record | Skip | Furniture] = [*records, *broken]
    out += [
        Furniture(i.unit.line, i.unit.text, i.unit.lines)
        for i in items
        if not i.used and (i.unit.text or i.unit.links)
    ]
    yield from sorted(out, key=lambda item: item.line)


def find_papers(items: list[Item], plain: bool = False) -> tuple[list[Paper], list[Skip]]:
    """Each abstract with its title; titles without one kept only on evidence.

    On a page a one-word line above an abstract is a name or a label, not its title (a
    submitter's organisation where the title was lost); in the user's ``plain`` text it is.
    """
    papers: list[Paper] = []
    broken: list[Skip] = []
    gap_start = 0  # first index after the previous paper's core
    strong = _titles_marked(items)
    for index, item in enumerate(items):
        if item.kind != "prose":
            continue
        candidates = [
            i
            for i in range(gap_start, index)
            if items[i].kind == "title"
            and (_marked(items[i]) or (not strong and (plain or _words(items[i]) >= 2)))
        ]
        if candidates:
            chosen = max(
                candidates, key=lambda i: (links_paper(items[i]), items[i].unit.heading, i)
            )
            papers += _title_only(items, [i for i in candidates if i < chosen], chosen)
            paper = Paper(items[chosen], [item], start=chosen, end=index)
            papers.append(paper)
            items[chosen].used = item.used = True
            gap_start = index + 1
        elif papers and papers[-1].end == index - 1:
            papers[-1].abstract.append(item)  # the abstract's next paragraph
            papers[-1].end = index
            item.used = True
            gap_start = index + 1
        elif _paper_evidence(items, index) or len(item.unit.text.split()) >= ORPHAN_WORDS:
            preview = item.unit.text[:60]
            broken.append(
                Skip(item.unit.line, f"an abstract with no title before it (“{preview}…”)", False)
            )
            item.used = True
            # The block keeps its place: facts around it are its own, not its neighbours'.
            papers.append(Paper(item, [item], start=index, end=index, broken=True))
            gap_start = index + 1
    rest = [i for i in range(gap_start, len(items)) if items[i].kind == "title"]
    papers += _title_only(items, rest, len(items))
    papers.sort(key=lambda p: p.start)
    return papers, broken


def _words(item: Item) -> int:
    return len(item.unit.text.split())


def _marked(item: Item) -> bool:
    return item.unit.heading or links_paper(item)


def _titles_marked(items: list[Item]) -> bool:
    """Whether this page marks its titles (headings, links to paper pages) for nearly every
    abstract: then an unmarked line before an abstract (a name, an avatar) is not its title."""
    abstracts = sum(1 for i in items if i.kind == "prose")
    marked = sum(1 for i in items if i.kind == "title" and _marked(i))
    return abstracts >= 3 and marked >= 0.8 * abstracts


def links_paper(item: Item) -> bool:
    return any(signals.paper_id(link) for link in item.unit.links)


def _title_only(items: list[Item], candidates: list[int], limit: int) -> list[Paper]:
    """Titles before ``limit`` that are papers without an abstract on the page."""
    found = []
    for n, index in enumerate(candidates):
        if items[index].kind != "title" or items[index].used:
            continue
        following = candidates[n + 1] if n + 1 < len(candidates) else limit
        after = {i.fact.kind for i in items[index + 1 : following] if i.fact}
        before = {i.fact.kind for i in items[max(0, index - 3) : index] if i.fact}
        item = items[index]
        # A card with no abstract still says it is a paper: its author count or arXiv id
        # after it, who submitted it just above. A heading needs one such fact; a plain line
        # needs a real title too.
        evidence = after & PAPER_FACTS or "submitted" in before
        if links_paper(item) or (
            evidence and (item.unit.heading or len(item.unit.text.split()) >= 3)
        ):
            item.used = True
            found.append(Paper(item, start=index, end=index))
    return found


def _paper_evidence(items: list[Item], index: int) -> bool:
    """Whether prose with no title is a paper's (linked, or with paper facts beside it)."""
    if links_paper(items[index]):
        return True
    near = items[index + 1 : index + 4]
    return any(i.fact and i.fact.kind in ("authors_count", "paper", "github") for i in near)

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

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from papershelf.core.identity import arxiv_month
from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.page_units import Unit
from papershelf.core.records import Furniture, Record, Skip
from papershelf.core.textutil import title_key

CONTENT = ("title", "prose", "other")
ORPHAN_WORDS = 20  # prose this long with no title is a broken block, not a banner

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
class _Item:
    """A unit with what it is: furniture, a fact, a title or prose."""

    unit: Unit
    kind: str  # furniture | fact | title | prose
    fact: signals.Fact | None = None
    used: bool = False


@dataclass
class _Paper:
    title: _Item
    abstract: list[_Item] = field(default_factory=list)
    facts: list[tuple[int, int, signals.Fact]] = field(default_factory=list)  # rank, index
    start: int = 0  # index of the title in the items
    end: int = 0  # index of the last item of its core (title or abstract)
    arxiv_id: str | None = None


@dataclass
class PageContext:
    """What is known of the capture as a whole.

    ``captured``: when it was made (for dates shown without a year). ``plain``: the text is
    the user's own, not a page, so no word of it is taken for a menu entry. ``markdown``:
    the lines came from Markdown, where the lines of a paragraph belong together.
    """

    captured: date | None = None
    plain: bool = False
    markdown: bool = False  # lines of one Markdown paragraph are one text


def read_page(
    units: Sequence[Unit], context: PageContext | None = None
) -> Iterator[Record | Skip | Furniture]:
    """The papers on a page, the blocks that could not be read, and the furniture, by line."""
    context = context or PageContext()
    items = _paragraphs([_classify(u, context.plain) for u in _split_facts(units)])
    papers, broken = _find_papers(items)
    page_date = _assign_facts(items, papers)
    listed = _page_day(page_date, context, papers) if page_date else None
    records = _dedupe([_record(p, context, listed) for p in papers])
    out: list[Record | Skip | Furniture] = [*records, *broken]
    out += [
        Furniture(i.unit.line, i.unit.text, i.unit.lines)
        for i in items
        if not i.used and (i.unit.text or i.unit.links)
    ]
    yield from sorted(out, key=lambda item: item.line)


# -- 1. classify and join ----------------------------------------------------------------------


def _split_facts(units: Sequence[Unit]) -> Iterator[Unit]:
    """Units as given, but a line running several facts together as one unit a fact; a
    GitHub link goes with the piece that names GitHub."""
    for unit in units:
        pieces = signals.fact_pieces(unit.text) if unit.text else []
        if not pieces:
            yield unit
            continue
        for piece in pieces:
            github = "github" in piece.casefold()
            links = [u for u in unit.links if ("github.com" in u) == github]
            yield Unit(unit.line, piece, links, unit.block, unit.heading, 1, unit.indented)


def _classify(unit: Unit, plain: bool = False) -> _Item:
    fact = signals.fact(unit)
    if fact is not None:
        return _Item(unit, "fact", fact)
    if signals.is_furniture(unit) and not (plain and signals.is_worded(unit.text)):
        return _Item(unit, "furniture")
    return _Item(unit, _content_kind(unit))


def _content_kind(unit: Unit) -> str:
    """Prose, a title, or other text (a URL, a run of digits) that can be neither."""
    if _prose(unit):
        return "prose"
    return "title" if signals.is_title(unit.text) else "other"


def _prose(unit: Unit) -> bool:
    """Prose, for a line; a heading is a title unless it is as long as an abstract."""
    if unit.heading:
        return len(unit.text) >= 300 and signals.is_prose(unit.text)
    return signals.is_prose(unit.text)


def _paragraphs(items: list[_Item]) -> list[_Item]:
    """Content lines of one block joined or split into titles and paragraphs."""
    out: list[_Item] = []
    run: list[_Item] = []
    for item in items:
        if run and _continuation_word(run[-1], item):
            item.kind = "title"  # "tasks." ending a wrapped abstract is no menu entry
        if run and not _continues(run[-1], item):
            out += _join(run)
            run = []
        if item.kind in CONTENT:
            run.append(item)
        else:
            out.append(item)
    out += _join(run)
    return _linked_abstracts(_join_wrapped_headings(out))


def _continues(last: _Item, item: _Item) -> bool:
    """Whether ``item`` is the next line of the same paragraph as ``last``."""
    return (
        item.kind in CONTENT
        and item.unit.block == last.unit.block
        and not item.unit.heading
        and not last.unit.heading
        and item.unit.line == last.unit.line + last.unit.lines
    )


def _continuation_word(last: _Item, item: _Item) -> bool:
    """A word taken for furniture that is really the end of the line before it: indented as
    a converter indents a wrapped line ("Large Language" / "  Models"), or a lower-case word
    ending a sentence ("tasks.") after an unfinished long line. A menu entry is neither."""
    text = last.unit.text
    adjacent = (
        item.kind == "furniture"
        and signals.is_worded(item.unit.text)
        and item.unit.block == last.unit.block
        and item.unit.line == last.unit.line + last.unit.lines
        and not text.endswith((".", "!", "?", ":"))
    )
    ends_sentence = (
        item.unit.text[:1].islower()
        and item.unit.text.endswith((".", "!", "?", ",", ";", ")"))
        and len(text) >= 50
    )
    return adjacent and (item.unit.indented or ends_sentence)


def _join(run: list[_Item]) -> list[_Item]:
    """One paragraph from a run of lines, or a title and the paragraph after it."""
    if len(run) <= 1:
        return run
    texts = [i.unit.text for i in run]
    names = signals.author_names(texts[1]) if len(texts) > 2 and not run[1].unit.indented else None
    if names and signals.is_title(texts[0]):
        authors = _Item(run[1].unit, "fact", signals.Fact("authors", names))
        return [run[0], authors, *_join(run[2:])]
    if not signals.wrapped(texts):
        for k in range(1, len(run)):
            head, rest = " ".join(texts[:k]), texts[k:]
            body = " ".join(rest)
            starts_clean = len(rest) == 1 or signals.wrapped(rest) or signals.is_prose(rest[0])
            starts_clean = starts_clean and not rest[0][:1].islower()  # no sentence starts so
            if signals.is_title(head) and signals.is_prose(body) and starts_clean:
                return [_merged(run[:k]), _merged(run[k:])]
    return [_merged(run)]


def _merged(run: list[_Item]) -> _Item:
    first = run[0].unit
    text = joined_lines([i.unit.text for i in run])
    links = list(dict.fromkeys(link for i in run for link in i.unit.links))
    lines = sum(i.unit.lines for i in run)
    unit = Unit(first.line, text, links, first.block, first.heading, lines, first.indented)
    return _Item(unit, _content_kind(unit))


_HYPHEN_END = re.compile(r"[^\W\d_]-$")


def joined_lines(lines: list[str]) -> str:
    """Wrapped lines as one text; a line broken after a hyphen ("Domain-", "Specific") is
    joined without a space."""
    text = lines[0]
    for line in lines[1:]:
        glue = "" if _HYPHEN_END.search(text) and line[:1].isalpha() else " "
        text += glue + line
    return text


def _join_wrapped_headings(items: list[_Item]) -> list[_Item]:
    """A heading whose title a converter wrapped onto the next line gets that line back."""
    out: list[_Item] = []
    for item in items:
        last = out[-1] if out else None
        if (
            last is not None
            and last.unit.heading
            and last.kind == "title"
            and (item.kind == "title" or (item.kind == "furniture" and item.unit.indented))
            and signals.is_worded(item.unit.text)
            and not item.unit.heading
            and item.unit.line == last.unit.line + last.unit.lines
            and len(item.unit.text.split()) <= 12
            and (item.unit.indented or item.unit.text[:1].islower() or _unfinished(last.unit.text))
        ):  # "### … for Large Language" / "  Models": an indented "Models" is no menu entry
            out[-1] = _merged([last, item])
            out[-1].unit.heading = True
            continue
        out.append(item)
    return out


def _linked_abstracts(items: list[_Item]) -> list[_Item]:
    """A paragraph after a title, linking to the same paper page, is that paper's abstract
    (firecrawl wraps each abstract in a link), however short or unpunctuated it is."""
    last_title: _Item | None = None
    for item in items:
        if item.kind == "title" and last_title is not None and not item.unit.heading:
            ids = {signals.paper_id(link) for link in item.unit.links} - {None}
            if ids & {signals.paper_id(link) for link in last_title.unit.links}:
                item.kind = "prose"
        if item.kind in ("title", "prose"):
            last_title = item if item.kind == "title" else None
    return items


# fmt: off
_OPEN_ENDINGS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over",
    "the", "to", "towards", "under", "via", "with", "without", "versus", "vs",
}
# fmt: on


def _unfinished(title: str) -> bool:
    """Whether a title line stops where no title ends: on "with", "of", "-" or ":"."""
    last = title.rsplit(" ", 1)[-1].casefold()
    return last in _OPEN_ENDINGS or title.endswith(("-", ":", ","))


# -- 2. papers ---------------------------------------------------------------------------------


def _find_papers(items: list[_Item]) -> tuple[list[_Paper], list[Skip]]:
    """Each abstract with its title; titles without one kept only on evidence."""
    papers: list[_Paper] = []
    broken: list[Skip] = []
    gap_start = 0  # first index after the previous paper's core
    for index, item in enumerate(items):
        if item.kind != "prose":
            continue
        candidates = [i for i in range(gap_start, index) if items[i].kind == "title"]
        if candidates:
            chosen = max(
                candidates, key=lambda i: (_links_paper(items[i]), items[i].unit.heading, i)
            )
            papers += _title_only(items, [i for i in candidates if i < chosen], chosen)
            paper = _Paper(items[chosen], [item], start=chosen, end=index)
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
    rest = [i for i in range(gap_start, len(items)) if items[i].kind == "title"]
    papers += _title_only(items, rest, len(items))
    papers.sort(key=lambda p: p.start)
    return papers, broken


def _links_paper(item: _Item) -> bool:
    return any(signals.paper_id(link) for link in item.unit.links)


def _title_only(items: list[_Item], candidates: list[int], limit: int) -> list[_Paper]:
    """Titles before ``limit`` that are papers without an abstract on the page."""
    found = []
    for n, index in enumerate(candidates):
        if items[index].kind != "title" or items[index].used:
            continue
        following = candidates[n + 1] if n + 1 < len(candidates) else limit
        facts = {i.fact.kind for i in items[index + 1 : following] if i.fact}
        item = items[index]
        if _links_paper(item) or (item.unit.heading and facts & {"authors_count", "submitted"}):
            item.used = True
            found.append(_Paper(item, start=index, end=index))
    return found


def _paper_evidence(items: list[_Item], index: int) -> bool:
    """Whether prose with no title is a paper's (linked, or with paper facts beside it)."""
    if _links_paper(items[index]):
        return True
    near = items[index + 1 : index + 4]
    return any(i.fact and i.fact.kind in ("authors_count", "paper", "github") for i in near)


# -- 3. facts ----------------------------------------------------------------------------------


def _assign_facts(items: list[_Item], papers: list[_Paper]) -> signals.Date | None:
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
        paper = targeted or core.get(index)
        if paper is None and fact.kind == "date" and index < papers[0].start:
            page_date = page_date or fact.value[0]  # type: ignore[index]
            item.used = True
            continue
        rank = 0 if targeted else 1 if paper else 2  # a fact naming its paper wins
        paper = paper or _by_side(index, fact.kind, sides, papers)
        if paper is not None:
            paper.facts.append((rank, index, fact))
            item.used = True
    for paper in papers:
        paper.facts.sort(key=lambda ranked: ranked[:2])
    return page_date


def _sides(items: list[_Item], papers: list[_Paper]) -> dict[str, str]:
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


def _by_side(index: int, kind: str, sides: dict[str, str], papers: list[_Paper]) -> _Paper | None:
    """The paper a fact in a gap belongs to, by the side its kind sits on."""
    if sides.get(kind, "after") == "before":
        return next((p for p in papers if p.start > index), None)
    return next((p for p in reversed(papers) if p.end < index), None)


# -- 4. records --------------------------------------------------------------------------------


def _record(paper: _Paper, context: PageContext, listed: str | None) -> Record:
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
        url, stars = value  # type: ignore[misc]
        record.github, record.github_stars = url, stars
        if url:
            record.links.append(url)
    elif kind == "project" and record.project_page is None:
        record.project_page = str(value)
        record.links.append(str(value))
    elif kind == "date" and record.date is None:
        shown, _comments = value  # type: ignore[misc]
        if shown.year is not None:
            record.date = _iso(shown, context)
            record.year = shown.year


def _page_day(shown: signals.Date, context: PageContext, papers: list[_Paper]) -> str | None:
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


def _dedupe(records: list[Record]) -> list[Record]:
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

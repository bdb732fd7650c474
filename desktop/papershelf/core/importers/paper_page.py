"""One paper's own page (``huggingface.co/papers/2406.06623``), copied or clipped: one paper.

A paper page is not a list: it shows one paper (``arxiv:ID``, the title, "Authors:" with the
names, "Abstract" with the AI summary and the abstract itself, "Upvote 186", the GitHub link)
and then everything around it (comments, the papers a bot recommends, "Models citing this
paper"), none of which is a paper of its own. So it is read by its labels, from the units of
``page_units`` like any capture; what is not the paper's is furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.page_lines import split_facts
from papershelf.core.importers.page_units import PageContext, Unit, front_matter
from papershelf.core.records import Furniture, Record, Skip

_PAGE_URL = re.compile(
    r"(?im)^[ \t]*[-*]?[ \t]*\**(?:url|source_url|source url|source)\**:[ \t]*<?"
    r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/papers/(\d{4}\.\d{4,5})\b"
)
_ARXIV_LINE = re.compile(r"(?im)^[ \t]*arxiv:(\d{4}\.\d{4,5})[ \t]*$")  # [ \t]: no \s over lines
_STOPS = (
    "community", "view arxiv page", "view pdf", "models citing this paper",
    "datasets citing this paper", "spaces citing this paper", "collections including this paper",
    "get this paper in your agent", "add to collection", "project page", "github",
)  # fmt: skip
# [^\w\n], not \W: a \W* that runs over line ends makes a search of blank lines quadratic
_LABEL_LINE = re.compile(r"(?im)^[^\w\n]*(?:ai-generated summary|authors:)[^\w\n]*$")
_NOT_NAMES = {",", "·", "authors:", "authors"}


def page_paper_id(head: str) -> str | None:
    """The arXiv id of the paper whose own page this capture is; None for any other page.

    The capture says so in its address (front matter ``url:``, a "URL:" line), or shows an
    ``arxiv:ID`` line with the page's "AI-generated summary" or its "Authors:" label.
    """
    pairs, _ = front_matter(head)
    for key in ("url", "source_url", "source"):
        found = signals.paper_id(pairs.get(key, "").strip("<>"))
        if found and "/papers/" in pairs.get(key, ""):
            return found
    url = _PAGE_URL.search(head[:4000])
    if url:
        return url.group(1)
    line = _ARXIV_LINE.search(head)
    if line and _LABEL_LINE.search(head):
        return line.group(1)
    return None


def read_paper_page(
    units: Sequence[Unit], context: PageContext | None = None, arxiv_id: str | None = None
) -> Iterator[Record | Skip | Furniture]:
    """The page's one paper, and its furniture."""
    units = list(split_facts(units))  # "Upvote" / "186" on two lines of a copy, as one
    used: set[int] = set()
    title_at = _title(units, arxiv_id)
    if title_at is None:
        yield Skip(units[0].line if units else 1, "this paper page shows no title", False)
        yield from _furniture(units, used)
        return
    used.add(title_at)
    authors = _authors(units, title_at, used)
    abstract = _abstract(units, title_at, used)
    record = Record(
        title=units[title_at].text,
        line=units[title_at].line,
        abstract=abstract,
        authors=authors,
        arxiv_id=arxiv_id,
        links=[f"https://huggingface.co/papers/{arxiv_id}"] if arxiv_id else [],
    )
    for index in _facts(units, title_at, used):
        fact = signals.fact(units[index])
        if fact is not None:
            _keep(record, fact)
    yield record
    yield from _furniture(units, used)


def _title(units: Sequence[Unit], arxiv_id: str | None) -> int | None:
    """The title: the first heading or title-like line after ``arxiv:ID`` (or the top)."""
    start = next(
        (n + 1 for n, u in enumerate(units) if u.text.casefold() == f"arxiv:{arxiv_id}"), 0
    )
    for n in range(start, min(len(units), start + 40)):
        unit = units[n]
        if signals.fact(unit) or signals.is_furniture(unit) or not signals.is_title(unit.text):
            continue
        if unit.text.casefold().startswith("paper page - "):
            unit.text = unit.text[len("paper page - ") :]
        return n
    return None


def _authors(units: Sequence[Unit], title_at: int, used: set[int]) -> list[str]:
    """The names after "Authors:", up to "Abstract"."""
    label = _label(units, title_at, ("authors:", "authors"))
    if label is None:
        return []
    used.add(label)
    names = []
    for n in range(label + 1, len(units)):
        text = units[n].text.strip(" ,")
        if text.casefold().rstrip(":") in ("abstract", "ai-generated summary"):
            break
        used.add(n)
        names += [p.strip() for p in text.split(",") if p.strip() and p.strip() not in _NOT_NAMES]
    return names


def _abstract(units: Sequence[Unit], title_at: int, used: set[int]) -> str:
    """The longest stretch of prose after "Abstract", the AI summary beside it left out."""
    label = _label(units, title_at, ("abstract",))
    if label is None:
        return ""
    used.add(label)
    paragraphs: list[tuple[int, str]] = []
    for n in range(label + 1, len(units)):
        text = units[n].text
        if text.casefold().rstrip(":") in _STOPS:
            break
        if signals.is_prose(text) or (paragraphs and paragraphs[-1][0] == n - 1):
            paragraphs.append((n, text))
    if not paragraphs:
        return ""
    best = max(paragraphs, key=lambda p: len(p[1]))
    used.update(n for n, _ in paragraphs)
    return best[1]


def _label(units: Sequence[Unit], after: int, names: tuple[str, ...]) -> int | None:
    for n in range(after + 1, min(len(units), after + 400)):
        if units[n].text.casefold().strip(" :#") in names:
            return n
    return None


def _facts(units: Sequence[Unit], title_at: int, used: set[int]) -> Iterator[int]:
    """The paper's own facts: those above the comments and recommendations."""
    for n in range(max(0, title_at - 6), len(units)):
        if units[n].text.casefold().rstrip(":") in ("community", "models citing this paper"):
            return
        if n not in used and signals.fact(units[n]):
            used.add(n)
            yield n


def _keep(record: Record, fact: signals.Fact) -> None:
    if fact.kind == "upvotes" and record.upvotes is None:
        record.upvotes = int(fact.value)  # type: ignore[call-overload]
    elif fact.kind == "github" and record.github is None:
        url, stars = fact.github()
        record.github, record.github_stars = url, stars
        if url:
            record.links.append(url)
    elif fact.kind == "date" and record.date is None:
        shown, _ = fact.date()
        if shown.year:
            record.date, record.year = f"{shown.year}-{shown.month:02d}-{shown.day:02d}", shown.year


def _furniture(units: Sequence[Unit], used: set[int]) -> Iterator[Furniture]:
    for n, unit in enumerate(units):
        if n not in used and (unit.text or unit.links):
            yield Furniture(unit.line, unit.text, unit.lines)

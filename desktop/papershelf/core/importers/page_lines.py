"""Step one of reading a page: its lines classified, and the lines of a paragraph joined.

Each unit of ``page_units`` is furniture, a fact (``page_signals.fact``) or content; content
is a title, prose or other text. Lines of one block that belong together are joined (a title
wrapped over two lines, an abstract hard-wrapped by a text browser, a heading a converter
wrapped onto an indented line); a block holding a title and its abstract with no blank line
between is split where the prose starts. ``page_reader`` then pairs titles with abstracts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from papershelf.core.importers import page_signals as signals
from papershelf.core.importers.page_units import Unit

CONTENT = ("title", "prose", "other")


@dataclass
class Item:
    """A unit with what it is: furniture, a fact, a title or prose."""

    unit: Unit
    kind: str  # furniture | fact | title | prose
    fact: signals.Fact | None = None
    used: bool = False


def split_facts(units: Sequence[Unit]) -> Iterator[Unit]:
    """Units with the facts a capture split or ran together put right: a line running several
    facts together gives one unit a fact; a label a browser copy put on its own line takes
    the value on the next ("GitHub" / "87", "Upvote" / "186", "Submitted by" / "akhaliq");
    a count just after a GitHub count is the card's comment count."""
    previous: Unit | None = None
    for unit in _joined_labels(units):
        pieces = signals.fact_pieces(unit.text) if unit.text else []
        if not pieces:
            if _comments_after_stars(previous, unit):
                unit = Unit(unit.line, f"{unit.text} comments", unit.links, unit.block)
            previous = unit
            yield unit
            continue
        for n, piece in enumerate(pieces):
            github = "github" in piece.casefold()
            if n and signals.number_text(piece) and "github" in pieces[n - 1].casefold():
                piece = f"{piece} comments"  # "GitHub 87 2": the stars, then the comments
            links = [u for u in unit.links if ("github.com" in u) == github]
            previous = Unit(unit.line, piece, links, unit.block, unit.heading, 1, unit.indented)
            yield previous


_LABELS = {"github", "upvote", "upvotes", "stars", "comments", "submitted by", "published"}


def _joined_labels(units: Sequence[Unit]) -> Iterator[Unit]:
    """A label line and the value on the next line of its block, as one line."""
    held: Unit | None = None
    for unit in units:
        if held is not None:
            label, held = held, None
            if _next_line(label, unit) and _label_value(label.text.casefold(), unit.text):
                text = f"{label.text} {unit.text}"
                yield Unit(label.line, text, label.links + unit.links, label.block, lines=2)
                continue
            yield label
        if unit.text.casefold().strip() in _LABELS:
            held = unit
            continue
        yield unit
    if held is not None:
        yield held


def _label_value(label: str, value: str) -> bool:
    if label == "submitted by":  # the submitter's name: one short word or handle
        return 0 < len(value.split()) <= 2 and not signals.is_prose(value)
    if label == "published":
        return signals.parse_date(value) is not None
    return signals.number_text(value)


def _next_line(first: Unit, second: Unit) -> bool:
    return second.block == first.block and second.line == first.line + first.lines


def _comments_after_stars(previous: Unit | None, unit: Unit) -> bool:
    return (
        previous is not None
        and _next_line(previous, unit)
        and signals.number_text(unit.text)
        and previous.text.casefold().startswith(("github ", "link: github "))
    )


def classify(unit: Unit, plain: bool = False) -> Item:
    fact = signals.fact(unit)
    if fact is not None:
        return Item(unit, "fact", fact)
    if signals.is_furniture(unit) and not (plain and signals.is_worded(unit.text)):
        return Item(unit, "furniture")
    return Item(unit, _content_kind(unit))


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


def paragraphs(items: list[Item]) -> list[Item]:
    """Content lines of one block joined or split into titles and paragraphs."""
    out: list[Item] = []
    run: list[Item] = []
    for item in items:
        if run and _continuation_word(run[-1], item):
            item.kind = "title"  # "tasks." ending a wrapped abstract is no menu entry
        if run and not _continues(run[-1], item):
            out += _join(run, _after_heading(out))
            run = []
        if item.kind in CONTENT:
            run.append(item)
        else:
            out.append(item)
    out += _join(run, _after_heading(out))
    return _linked_abstracts(_join_wrapped_headings(out))


def _after_heading(out: list[Item]) -> bool:
    """Whether the content before a paragraph is a marked title (a heading, a link to a
    paper page): the paragraph is then its abstract, whatever its first line looks like."""
    last = next((i for i in reversed(out) if i.kind in CONTENT), None)
    return (
        last is not None
        and last.kind == "title"
        and (last.unit.heading or any(signals.paper_id(link) for link in last.unit.links))
    )


def _continues(last: Item, item: Item) -> bool:
    """Whether ``item`` is the next line of the same paragraph as ``last``."""
    return (
        item.kind in CONTENT
        and item.unit.block == last.unit.block
        and not item.unit.heading
        and not last.unit.heading
        and item.unit.line == last.unit.line + last.unit.lines
    )


def _continuation_word(last: Item, item: Item) -> bool:
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


def _join(run: list[Item], after_title: bool = False) -> list[Item]:
    """One paragraph from a run of lines, or a title and the paragraph after it.

    A card's head (a title shown twice, a title and its author line) is taken off in a loop,
    not by recursion: a capture of thousands of such lines is one run.
    """
    out: list[Item] = []
    at = 0  # the first line of the run not yet taken
    while len(run) - at > 1:
        if after_title and signals.is_prose(joined_lines([i.unit.text for i in run[at:]])):
            return [*out, _merged(run[at:])]
        after_title = False
        first, second = run[at], run[at + 1]
        if second.unit.text == first.unit.text:  # a card that shows its title twice
            second.kind = "furniture"
            out += [first, second]
            at += 2
            continue
        names = None
        if len(run) - at > 2 and not second.unit.indented:
            names = signals.author_names(second.unit.text)
        if names and signals.is_title(first.unit.text):
            out += [first, Item(second.unit, "fact", signals.Fact("authors", names))]
            at += 2
            continue
        rest = run[at:]
        return [*out, *_split(rest, [i.unit.text for i in rest])]
    return [*out, *run[at:]]


def _split(run: list[Item], texts: list[str]) -> list[Item]:
    """A run as a title and its paragraph, a note and the title below it, or one paragraph.

    Only a head or a tail short enough to be a title (``TITLE_CHARS``) is tried, so a run of
    any length is read in time linear in its size.
    """
    if not signals.wrapped(texts):
        size = -1
        for k in range(1, len(run)):
            size += len(texts[k - 1]) + 1
            if size > signals.TITLE_CHARS:
                break
            head, rest = " ".join(texts[:k]), texts[k:]
            starts_clean = len(rest) == 1 or signals.wrapped(rest) or signals.is_prose(rest[0])
            starts_clean = starts_clean and not rest[0][:1].islower()  # no sentence starts so
            if signals.is_title(head) and starts_clean and signals.is_prose(" ".join(rest)):
                return [_merged(run[:k]), _merged(run[k:])]
    # A sentence's end and then a title that is not prose: a note ("Strong baseline;
    # compare with SPADE.") above the next card's title, not one paragraph.
    first, size = len(run), 0  # the first line a title below could start at
    while first > 1 and size + len(texts[first - 1]) <= signals.TITLE_CHARS:
        first -= 1
        size += len(texts[first])
    for k in range(first, len(run)):
        below = joined_lines(texts[k:])
        if (
            _NOTE_END.search(texts[k - 1])  # a title may end "?", "!" or "vs.", never "."
            and signals.is_title(below)
            and not signals.is_prose(below)
            and not _SENTENCE_END.search(below)
        ):
            return [*_join(run[:k]), *_join(run[k:])]
    return [_merged(run)]


def _merged(run: list[Item]) -> Item:
    first = run[0].unit
    text = joined_lines([i.unit.text for i in run])
    links = list(dict.fromkeys(link for i in run for link in i.unit.links))
    lines = sum(i.unit.lines for i in run)
    unit = Unit(first.line, text, links, first.block, first.heading, lines, first.indented)
    if signals.is_furniture(unit):  # "Log" / "In", wrapped by a converter: still a menu
        return Item(unit, "furniture")
    return Item(unit, _content_kind(unit))


_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
_NOTE_END = re.compile(r"\S\s+\w{4,}\.$")  # "...compare with SPADE.", not "et al." or "vs."


def joined_lines(lines: list[str]) -> str:
    """Wrapped lines as one text; a line broken after a hyphen ("Domain-", "Specific") is
    joined without a space."""
    parts = [lines[0]]
    end = lines[0][-2:]  # what the text joined so far ends with: all _HYPHEN_END looks at
    for line in lines[1:]:
        parts.append("" if _HYPHEN_END.search(end) and line[:1].isalpha() else " ")
        parts.append(line)
        end = (end + line)[-2:]
    return "".join(parts)


def _join_wrapped_headings(items: list[Item]) -> list[Item]:
    """A heading whose title a converter wrapped onto the next line gets that line back."""
    out: list[Item] = []
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


def _linked_abstracts(items: list[Item]) -> list[Item]:
    """A paragraph after a title, linking to the same paper page, is that paper's abstract
    (firecrawl wraps each abstract in a link), however short or unpunctuated it is."""
    last_title: Item | None = None
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

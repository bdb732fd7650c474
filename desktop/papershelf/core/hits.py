"""Where a search's words are in a paper's text: for drawing hits and cutting snippets.

A word is a hit when the index's own analyzer turns it into one of the terms the search found
(``SearchResult.terms``), so "specialization" lights up for ``specializing`` exactly when the
search found it by that stem, and a prefix being typed lights up the words it expanded to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache

ELLIPSIS = "…"
SNIPPET_WIDTH = 220  # characters of a list snippet (the view elides what does not fit)
LEAD = 12  # characters of context before the first hit (a narrow column shows the hit)


def hit_spans(text: str, terms: Collection[str]) -> list[tuple[int, int]]:
    """The (start, end) character spans of the words of ``text`` that are hits, in order."""
    if not terms or not text:
        return []
    word, term = _analyzer()
    return [m.span() for m in word.finditer(text) if term(m.group()) in terms]


def snippet(
    text: str, terms: Collection[str], width: int = 160
) -> tuple[str, list[tuple[int, int]]]:
    """One line of ``text`` around its first hit, at most about ``width`` characters, cut at
    word boundaries, with the hits' spans within the line; ("", []) when nothing is a hit."""
    flat = " ".join(text.split())  # one line: newlines and runs of spaces become one space
    spans = hit_spans(flat, terms)
    if not spans:
        return "", []
    first = spans[0][0]
    start = max(0, first - LEAD)  # a few words before the hit, so a narrow column shows it
    if start:
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space <= 2 * LEAD else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > first else end
    line = flat[start:end]
    prefix = ELLIPSIS if start else ""
    suffix = ELLIPSIS if end < len(flat) else ""
    shift = len(prefix) - start
    kept = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + line + suffix, kept


def paper_snippet(
    abstract: str, note: str, terms: Collection[str], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """The line under a paper's title in a search: its abstract around the first hit, else
    its note's, else (the hit is in the title or the authors) the abstract's start."""
    found = snippet(abstract, terms, width)
    if not found[0]:
        found = snippet(note, terms, width)
    if not found[0]:
        found = (" ".join(abstract[:width].split()), [])
    return found


@cache
def _analyzer() -> tuple[re.Pattern[str], Callable[[str], str]]:
    """The index's word pattern and its analyzer's word-to-term function (Whoosh's analysis,
    loaded at the first search with words, not before the window's first list)."""
    from papershelf.core.fulltext.tuning import WORD, PaperAnalyzer  # noqa: PLC0415

    return WORD, PaperAnalyzer().term

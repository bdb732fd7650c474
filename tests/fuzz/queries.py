"""Search-box text made from a random generator: the query language's own pieces (fields,
filters, operators, quotes, parentheses) with odd values, real queries mutated, random
Unicode, deep nesting and long digit runs."""

from __future__ import annotations

import random

from fuzz.corpus import QUERIES
from papershelf.core.query import FILTERS, SORTS, TEXT_FIELDS

FIELDS = sorted({*FILTERS, *TEXT_FIELDS, "sort", "Title", "TAG", "http", "x"})
# fmt: off
OPERATORS = ["(", ")", "OR", "AND", "NOT", "-", '"', "*", "~", "~1", "~2", "~3", "..", ":", "*~",
             "or", "-(", "-\"", ")(", "\\", "'", "\x00", "\t", "\n", "\u3000", "\u200b", "\ufeff"]
VALUES = ["", "rag", "unread", "read", "reading", "note", "tag", "code", "2020", "2020..2023",
          "..2020", "2020..", ">2020", "<=1999", "=2024", "7d", "3w", "2m", "1y", "0d", "-1d",
          "2026-02-30", "2026-13", "2026-01-01..2026-02-01", "today", "10.1000/x", "２０２４",
          "1e9", "NaN", "9" * 30, "0" * 400, "-" + "9" * 25, "*", "~", "\"quoted\"", "relevance",
          *SORTS]
WORDS = ["retrieval", "retr", "heads", "attention", "the", "of", "transformer", "gpt4", "3d",
         "mémoire", "ǅ", "ß", "İstanbul", "数据", "🙂", "a" * 300]
# fmt: on


def _value(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return rng.choice(VALUES)
    if roll < 0.85:
        return str(rng.randint(-(10**6), 10**12))
    return _random_text(rng, 8)


def _random_text(rng: random.Random, size: int) -> str:
    return "".join(
        chr(rng.randrange(32, 127))
        if rng.random() < 0.7
        else chr(rng.choice([rng.randrange(0xD800), rng.randrange(0xE000, 0x110000)]))
        for _ in range(rng.randint(0, size))
    )


def _piece(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"{rng.choice(['', '-'])}{rng.choice(FIELDS)}:{_value(rng)}"
    if roll < 0.5:
        return rng.choice(OPERATORS)
    if roll < 0.8:
        return rng.choice(WORDS) + rng.choice(["", "", "*", "~", "~1", ":", '"'])
    if roll < 0.95:
        return _random_text(rng, 10)
    return f"{rng.choice(FIELDS)}:("


def _mutated(rng: random.Random) -> str:
    text = list(rng.choice(QUERIES))
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        if rng.random() < 0.5 and text:
            del text[min(at, len(text) - 1)]
        else:
            text[at:at] = rng.choice([*OPERATORS, " ", ":", *VALUES[:10]])
    return "".join(text)


def _extreme(rng: random.Random) -> str:
    depth = rng.choice([100, 1000, 5000])
    kind = rng.randrange(5)
    if kind == 0:
        return "(" * depth + "a" + ")" * rng.choice([0, depth])
    if kind == 1:
        return " ".join(rng.choice(["a", "OR", "NOT", "-b", "AND"]) for _ in range(depth))
    if kind == 2:
        return rng.choice(["year:", "id:", "added:", "read:", ""]) + "9" * depth
    if kind == 3:
        return "title:(" * (depth // 10) + "x"
    return '"' * depth


def generated_query(rng: random.Random) -> str:
    """One search-box text."""
    roll = rng.random()
    if roll < 0.5:
        return " ".join(_piece(rng) for _ in range(rng.randint(0, 8)))
    if roll < 0.75:
        return _mutated(rng)
    if roll < 0.95:
        return _random_text(rng, 40)
    return _extreme(rng)

"""What the search box offers to finish the word being typed (design §7's language).

The word is the run of text before the cursor back to a space or a parenthesis. Without a
colon it may be the start of a field name (``ta`` → ``tag:``) or of one of the library's
words (``retr`` → ``retrieval``); after ``tag:``, ``is:``,
``has:`` or ``sort:`` it is the start of a value, and the values offered are the library's
tags or the values the language takes. Offers are whole words (``tag:rag``), so that taking
one replaces the word typed; a tag with a space in it is offered quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from papershelf.core.conditions import HAS_VALUES, STATUS_VALUES
from papershelf.core.query import FILTERS, SORTS, TEXT_FIELDS

FIELD_NAMES = sorted({*FILTERS, *TEXT_FIELDS, "sort"})
VALUES = {"is": STATUS_VALUES, "has": HAS_VALUES, "sort": SORTS}
_WORD = re.compile(r"-?([^\s()]*)$")  # a "-" before the word stays where it is
LIMIT = 50
WORDS = 8  # library words offered at once


@dataclass(frozen=True)
class Completion:
    """The word being typed (it starts at ``start``) and what could finish it."""

    start: int
    word: str
    offers: list[str]


def complete(
    text: str, cursor: int, tags: Iterable[str] = (), words: Iterable[str] = ()
) -> Completion:
    """What could finish the word before ``cursor`` in ``text`` (nothing inside a phrase):
    field names, values, and the library's ``words`` (the most common first: the search
    sends those beginning the word it last searched for)."""
    before = text[: max(0, min(cursor, len(text)))]
    if before.count('"') % 2:  # inside a phrase: words are the user's own
        return Completion(cursor, "", [])
    match = _WORD.search(before)
    assert match is not None  # the pattern matches the empty end of any text
    word = match.group(1)
    start = match.start(1)
    if not word:
        return Completion(start, word, [])
    name, colon, value = word.partition(":")
    field = name.lower()
    if not colon or field in TEXT_FIELDS:
        lowered = (value if colon else word).lower()
        fields = [] if colon else [f"{f}:" for f in FIELD_NAMES if f.startswith(lowered)]
        known = [w for w in words if w.startswith(lowered) and w != lowered][:WORDS]
        offers = [f for f in fields if f != lowered] + [
            f"{name}:{w}" if colon else w for w in known
        ]
        return Completion(start, word, offers)
    if field == "tag":
        choices = [_quoted(t) for t in sorted(set(tags), key=str.casefold)]
    else:
        choices = list(VALUES.get(field, ()))
    typed = value.strip('"').casefold()
    offers = [
        f"{name}:{c}"
        for c in choices
        if c.strip('"').casefold().startswith(typed) and c.strip('"').casefold() != typed
    ]
    return Completion(start, word, offers[:LIMIT])


def _quoted(tag: str) -> str:
    return f'"{tag}"' if re.search(r'[\s()"]', tag) else tag


def apply(text: str, completion: Completion, offer: str, cursor: int) -> tuple[str, int]:
    """``text`` with the word replaced by ``offer`` (and a space after a whole value); the
    new text and where the cursor goes."""
    end = completion.start + len(completion.word)
    end = max(end, min(cursor, len(text)))
    tail = text[end:]
    spacer = "" if offer.endswith(":") or tail.startswith(" ") else " "
    new = text[: completion.start] + offer + spacer + tail
    return new, completion.start + len(offer) + len(spacer)

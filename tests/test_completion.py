"""What the search box offers to finish a word: field names, tags, the values of is:, has:
and sort:; and what taking an offer makes of the query."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papershelf.core.completion import apply, complete

TAGS = ["rag", "reading-group", "machine learning", "Vision"]


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        ("ta", ["tag:"]),
        ("retrieval ye", ["year:"]),
        ("a", ["abstract:", "added:", "author:", "authors:"]),
        ("is:", ["is:unread", "is:reading", "is:read"]),
        ("is:rea", ["is:reading", "is:read"]),
        ("diffusion -is:u", ["is:unread"]),
        ("has:c", ["has:code"]),
        ("sort:", ["sort:relevance", "sort:added", "sort:year", "sort:title"]),
        ("tag:r", ["tag:rag", "tag:reading-group"]),
        ("tag:m", ['tag:"machine learning"']),
        ("tag:v", ["tag:Vision"]),
        ("(tag:ra", ["tag:rag"]),
        ("tag:rag", []),  # already whole
        ('"retrieval he', []),  # inside a phrase
        ("retrieval ", []),
        ("", []),
        ("year:20", []),
    ],
)
def test_offers(text: str, offers: list[str]) -> None:
    assert complete(text, len(text), TAGS).offers == offers


def test_taking_an_offer_replaces_the_word_and_moves_on() -> None:
    text = "diffusion ta"
    done = complete(text, len(text), TAGS)
    assert apply(text, done, "tag:", len(text)) == ("diffusion tag:", 14)
    text = "diffusion tag:ma is:unread"
    done = complete(text, 16, TAGS)
    assert done.offers == ['tag:"machine learning"']
    assert apply(text, done, done.offers[0], 16) == (
        'diffusion tag:"machine learning" is:unread',
        32,
    )
    text = "-is:re"
    done = complete(text, len(text), TAGS)
    assert apply(text, done, "is:read", len(text)) == ("-is:read ", 9)


@given(st.text(max_size=30), st.integers(min_value=-5, max_value=40))
def test_any_text_and_cursor_give_an_answer(text: str, cursor: int) -> None:
    done = complete(text, cursor, TAGS)
    for offer in done.offers:
        new, at = apply(text, done, offer, cursor)
        assert offer in new and 0 <= at <= len(new)

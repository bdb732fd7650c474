"""Plain pasted title / abstract blocks, and where they stop being plain text."""

from __future__ import annotations

import pytest

from papershelf.core.importers import Source, detect
from papershelf.core.importers.plain_text import IMPORTER
from papershelf.core.records import Record, Skip

ABSTRACT = (
    "Large models forget. We show a simple replay method that keeps old skills. "
    "It costs little and works at scale."
)


def test_title_blank_abstract_blocks() -> None:
    text = f"First Title\n\n{ABSTRACT}\n\n\nSecond Title: A Study\n\n{ABSTRACT}\n"
    source = Source.from_text(text)
    assert detect(source).name == "text"
    items = list(IMPORTER.parse(source))
    records = [i.cleaned() for i in items if isinstance(i, Record)]
    assert [(r.title, r.line, r.abstract) for r in records] == [
        ("First Title", 1, ABSTRACT),
        ("Second Title: A Study", 6, ABSTRACT),
    ]
    assert not [i for i in items if isinstance(i, Skip)]


def test_an_abstract_with_no_title_is_listed_with_its_line_and_the_rest_imports() -> None:
    text = f"{ABSTRACT}\n\nTitle Of The Second Paper\n\n{ABSTRACT}\n"
    items = list(IMPORTER.parse(Source.from_text(text)))
    skips = [i for i in items if isinstance(i, Skip)]
    assert [(s.line, s.refuses) for s in skips] == [(1, False)]
    assert "no title" in skips[0].reason
    assert [i.title for i in items if isinstance(i, Record)] == ["Title Of The Second Paper"]


def test_words_that_are_page_noise_elsewhere_are_kept() -> None:
    text = f"Code\n\n{ABSTRACT}\n"
    (record,) = [i for i in IMPORTER.parse(Source.from_text(text)) if isinstance(i, Record)]
    assert record.title == "Code"


@pytest.mark.parametrize(
    "text",
    [
        f"Trending Papers\n\nTitle\n\n{ABSTRACT}\n",  # the HF page: hf-page's
        f"@article{{x,\n title={{T}}}}\n\nTitle\n\n{ABSTRACT}\n",
        f"TY  - JOUR\nTI  - T\nER  - \n\nTitle\n\n{ABSTRACT}\n",
        f"references:\n- id: a\n  title: T\n  type: book\n\nTitle\n\n{ABSTRACT}\n",
    ],
)
def test_other_formats_are_not_claimed(text: str) -> None:
    assert IMPORTER.detect(text) == 0.0

"""Edge cases of the Markdown paper-list importer."""

from __future__ import annotations

from papershelf.core.importers import Source, detect
from papershelf.core.importers.markdown_list import IMPORTER
from papershelf.core.records import Record

ABSTRACT = "We propose a method that learns from few examples and beats strong baselines."

DIGEST = f"""# Reading list

## Vision

### [1] [**Bold** Title: One](https://arxiv.org/abs/2401.00001)
*Ann Lee,Bo Chen*

Main category: cs.CV

TL;DR: short summary.

<details>
  <summary>Details</summary>
Motivation: why.

Abstract: {ABSTRACT}

</details>

### Second paper without a link
Authors: Cy Dee and Eve Fox

{ABSTRACT} It has a second sentence.

- [Listed paper](https://doi.org/10.1000/LIST) - {ABSTRACT}
"""


def _records(text: str) -> list[Record]:
    source = Source.from_text(text, "list.md")
    assert detect(source).name == "markdown"
    return [i.cleaned() for i in IMPORTER.parse(source) if isinstance(i, Record)]


def test_headings_authors_labels_and_details() -> None:
    first, second, third = _records(DIGEST)
    assert first.title == "Bold Title: One"
    assert first.authors == ["Ann Lee", "Bo Chen"]
    assert first.abstract == ABSTRACT
    assert first.arxiv_id == "2401.00001"
    assert first.keywords == ["cs.CV"]
    assert first.line == 5
    assert second.title == "Second paper without a link"
    assert second.authors == ["Cy Dee", "Eve Fox"]
    assert second.abstract == ABSTRACT + " It has a second sentence."
    assert (third.title, third.doi, third.abstract) == ("Listed paper", "10.1000/list", ABSTRACT)


def test_section_headings_are_not_papers() -> None:
    titles = [r.title for r in _records(DIGEST)]
    assert "Vision" not in titles and "Reading list" not in titles


def test_hugging_face_markdown_is_left_to_the_page_importer() -> None:
    page = "Daily Papers\n\n### [A](https://arxiv.org/abs/1)\n\n### [B](https://arxiv.org/abs/2)\n"
    assert IMPORTER.detect("byAK and the research community\n" + page) < 0.5

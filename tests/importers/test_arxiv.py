"""Edge cases of the arXiv mailing / listing / .abs importer."""

from __future__ import annotations

from papershelf.core.importers import Source, arxiv, detect
from papershelf.core.records import Record, Skip

PAPER = r"""\\
arXiv:2301.01234
Date: Mon, 2 Jan 2023 10:00:00 GMT   (10kb)

Title: Fast {\"U}ber-Solvers for $O(n)$
  Problems
Authors: Ann Lee (MIT), Bo Chen and Carl D{\'i}az ((1) Somewhere)
Categories: cs.DS math.NA
Comments: 10 pages
DOI: 10.1000/XYZ
\\
  We solve problems in $O(n)$ time, 50% faster.
A second line.
\\ ( https://arxiv.org/abs/2301.01234 ,  10kb)
"""


def _parse(text: str) -> list[Record | Skip]:
    return list(arxiv.IMPORTER.parse(Source.from_text(text, "mailing.txt")))


def test_fields_latex_and_affiliations() -> None:
    (record,) = _parse("Subject: cs daily\n" + PAPER)
    record = record.cleaned()
    assert record.title == "Fast Über-Solvers for O(n) Problems"
    assert record.authors == ["Ann Lee", "Bo Chen", "Carl Díaz"]
    assert record.abstract == "We solve problems in O(n) time, 50% faster. A second line."
    assert (record.arxiv_id, record.doi, record.date, record.line) == (
        "2301.01234",
        "10.1000/xyz",
        "2023-01-02",
        3,
    )
    assert record.keywords == ["cs.DS", "math.NA"]
    assert record.links == ["https://arxiv.org/abs/2301.01234"]


def test_truncated_abstract_is_a_skip() -> None:
    text = PAPER + PAPER.replace("2301.01234", "2301.05678")[: PAPER.index("A second")]
    items = _parse(text)
    assert [type(i) for i in items] == [Record, Skip]
    assert "2301.05678" in items[1].reason


def test_collaboration_prefix() -> None:
    names = arxiv.split_authors("The X and Y Collaborations: A. One, B. Two and C. Three")
    assert names == ["The X and Y Collaborations", "A. One", "B. Two", "C. Three"]


def test_detection() -> None:
    assert detect(Source.from_text(PAPER)).name == "arxiv-listing"
    assert arxiv.IMPORTER.detect("Title: a\nAuthors: b\n") == 0.0

"""The trending-page importer on the real sample and on the page's common variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core.importers import Source, detect
from papershelf.core.records import Record, Skip

SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"


def parse(text: str) -> tuple[list[Record], list[Skip]]:
    source = Source.from_text(text)
    items = list(detect(source).parse(source))
    return (
        [i.cleaned() for i in items if isinstance(i, Record)],
        [i for i in items if isinstance(i, Skip)],
    )


def sample_pairs() -> list[tuple[str, str]]:
    """Title / abstract pairs read straight off the file: blocks after the page header."""
    blocks = [b.strip() for b in SAMPLE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = blocks[blocks.index("Mar 14") + 1 :]
    return [(body[i], " ".join(body[i + 1].split())) for i in range(0, len(body), 2)]


def test_sample_yields_its_65_papers_verbatim() -> None:
    records, skips = parse(SAMPLE.read_text(encoding="utf-8"))
    assert [(r.title, r.abstract) for r in records] == sample_pairs()
    assert len(records) == 65
    assert skips == []


def test_page_noise_is_never_a_paper() -> None:
    records, _ = parse(SAMPLE.read_text(encoding="utf-8"))
    titles = {r.title for r in records}
    for noise in (
        "new",
        "Subscribe",
        "byAK and the research community",
        "Mar 14",
        "Get trending papers in your email inbox!",
    ):
        assert noise not in titles
    assert all(noise not in r.abstract for r in records for noise in ("Subscribe", "byAK"))


def test_urls_in_an_abstract_become_links() -> None:
    records, _ = parse(SAMPLE.read_text(encoding="utf-8"))
    first = records[0]
    assert first.title.startswith("AnyTaskTune")
    assert first.links == ["https://github.com/PandaVT/DataTager"]


ABSTRACT_A = (
    "We study how attention heads retrieve facts from long contexts. Our experiments "
    "on six model families show that a sparse set of heads is responsible, and that "
    "masking them causes hallucination. Code is at https://github.com/example/heads."
)
ABSTRACT_B = (
    "Large language models can be tuned with few parameters. We propose a method that "
    "adapts only layer norms and matches full fine-tuning on twelve benchmarks while "
    "training a thousand times fewer weights."
)

VARIANTS = {
    "listed twice": f"""Trending Papers

byAK and the research community

Heads Retrieve Facts

Heads Retrieve Facts

{ABSTRACT_A}

Norm Tuning Is Enough

{ABSTRACT_B}

Heads Retrieve Facts

{ABSTRACT_A}
""",
    "wrapped titles, authors counts, submitted by, upvotes": f"""Daily Papers
Submitted by akhaliq

Heads Retrieve
Facts

· 6 authors

{ABSTRACT_A}

Submitted by someone
142

Norm Tuning
Is Enough

12 authors
Upvote
87

{ABSTRACT_B}
""",
    "markdown headings": f"""# Trending Papers

### Heads Retrieve Facts

[LINK: https://huggingface.co/papers/2404.15574]

{ABSTRACT_A}

### [Norm Tuning Is Enough](https://arxiv.org/abs/2401.00001)

{ABSTRACT_B}
""",
}


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_variants_yield_the_two_papers(text: str) -> None:
    records, skips = parse(text)
    titles = [r.title for r in records]
    assert titles.count("Heads Retrieve Facts") >= 1
    assert set(titles) == {"Heads Retrieve Facts", "Norm Tuning Is Enough"}
    by_title = {r.title: r for r in records}
    assert by_title["Heads Retrieve Facts"].abstract == ABSTRACT_A
    assert by_title["Norm Tuning Is Enough"].abstract == ABSTRACT_B
    assert "https://github.com/example/heads" in by_title["Heads Retrieve Facts"].links
    assert skips == []


def test_markdown_links_are_kept() -> None:
    records, _ = parse(VARIANTS["markdown headings"])
    by_title = {r.title: r for r in records}
    assert "https://huggingface.co/papers/2404.15574" in by_title["Heads Retrieve Facts"].links
    assert by_title["Norm Tuning Is Enough"].links == ["https://arxiv.org/abs/2401.00001"]


def test_an_abstract_without_a_title_is_reported_with_its_line() -> None:
    records, skips = parse(f"byAK and the research community\n\n{ABSTRACT_B}\n")
    assert records == []
    assert [s.line for s in skips] == [3]
    assert "no title" in skips[0].reason


FOREIGN = {
    "ISI / Web of Science": "FN Thomson Reuters Web of Science\nVR 1.0\nPT J\nAU Smith, J\n"
    "TI A Title Of A Paper\n\n" + ABSTRACT_A + "\nER\n",
    "CITATION.cff": "cff-version: 1.2.0\nmessage: If you use this software, cite it.\n"
    "title: Some Software\n\n" + ABSTRACT_B + "\n",
    "XML": '<?xml version="1.0"?>\n<mods>\n<title>A Title</title>\n\n' + ABSTRACT_A + "\n",
}


@pytest.mark.parametrize("text", FOREIGN.values(), ids=FOREIGN.keys())
def test_other_formats_are_not_taken_for_a_page_copy(text: str) -> None:
    from papershelf.core.importers import hf_page

    assert hf_page.IMPORTER.detect(text) < 0.5

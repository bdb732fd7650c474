"""Properties of the page reader: how a page was captured never changes the papers found.

Pages are drawn from real papers (the bundled trending-page copy) with the facts a papers page
shows (authors count, upvotes, GitHub stars), then written the three ways people capture them:
copied text, Markdown (as converters write it) and saved HTML. Shuffling furniture lines in,
wrapping titles, listing every paper twice, or changing the capture kind must give the same
titles and abstracts; a page with one broken block imports the rest and lists that block.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from papershelf.core.importers import Source, by_name
from papershelf.core.importing import import_source
from papershelf.core.library import Library
from papershelf.core.records import Record, Skip
from papershelf.core.textutil import squash

SAMPLE = Path(__file__).parents[1] / "fixtures" / "hf-page" / "hf-trending-papers.txt"
PROPERTY = settings(max_examples=40, deadline=None)


def _sample_papers() -> list[tuple[str, str]]:
    blocks = [b.strip() for b in SAMPLE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = blocks[blocks.index("Mar 14") + 1 :]
    return [(body[i], squash(body[i + 1])) for i in range(0, len(body), 2)]


REAL = _sample_papers()
FURNITURE = [
    "new", "Subscribe", "Models", "Datasets", "Log In", "Sign Up", "·", "Daily", "Weekly",
    "Get trending papers in your email inbox once a day!", "byAK and the research community",
    "Trending Papers", "Upvote", "Jun 29", "Submitted by", "-", "[", "Load more",
]  # fmt: skip


@dataclass
class Paper:
    title: str
    abstract: str
    ident: str
    authors: int | None
    upvotes: int | None
    stars: int | None


@st.composite
def pages(draw: st.DrawFn) -> list[Paper]:
    """A page of 1-8 real papers, each with the facts a papers page may show."""
    chosen = draw(st.lists(st.sampled_from(range(len(REAL))), min_size=1, max_size=8, unique=True))
    return [
        Paper(
            *REAL[n],
            ident=f"24{n % 12 + 1:02d}.{10000 + n}",
            authors=draw(st.none() | st.integers(1, 2500)),
            upvotes=draw(st.none() | st.integers(0, 999)),
            stars=draw(st.none() | st.integers(0, 99_000)),
        )
        for n in chosen
    ]


# -- three ways to capture a page ---------------------------------------------------------


def as_text(papers: list[Paper], wrap: int | None = None) -> list[str]:
    """The page copied from a browser: a line a block, blank lines between; a wrapped title
    goes on as a converter writes it, indented."""
    lines = ["Trending Papers", "", "byAK and the research community", ""]
    for p in papers:
        if p.upvotes is not None:
            lines += [str(p.upvotes), ""]
        first, *rest = _wrapped(p.title, wrap)
        lines += [first, *[f"  {line}" for line in rest], ""]
        if p.authors is not None:
            lines += [f"· {p.authors} authors", ""]
        lines += [p.abstract, ""]
    return lines


def as_markdown(papers: list[Paper], wrap: int | None = None) -> list[str]:
    """The page as a converter writes Markdown: linked headings, facts as links and bullets."""
    lines = ["# Trending Papers", "", "[Subscribe](https://huggingface.co/login)", ""]
    for p in papers:
        url = f"https://huggingface.co/papers/{p.ident}"
        if p.upvotes is not None:
            lines += [f"[{p.upvotes}](https://huggingface.co/login?next=%2Fpapers%2F{p.ident})", ""]
        first, *rest = _wrapped(p.title, wrap)
        lines += [f"### {first}", *[f"  {line}" for line in rest], "", f"[{url}]({url})", ""]
        lines += [_escaped(p.abstract), ""]
        if p.authors is not None:
            lines += [f"- {p.authors} authors", ""]
        if p.stars is not None:
            lines += [f"[GitHub {p.stars}](https://github.com/example/repo{p.ident})", ""]
    return lines


def _escaped(text: str) -> str:
    """Text as a Markdown converter writes it: backslashes and emphasis marks escaped."""
    for char in "\\*_[]`":
        text = text.replace(char, "\\" + char)
    return text


def as_html(papers: list[Paper]) -> list[str]:
    """The page saved from the browser: a card an article."""
    e = html.escape
    lines = ["<!DOCTYPE html>", "<html><head><title>Trending Papers - Hugging Face</title>"]
    lines += ["<script>var x = '<p>not a paper</p>';</script></head><body>"]
    lines += ["<header><nav><a href='/models'>Models</a></nav></header><main>"]
    for p in papers:
        lines.append("<article>")
        if p.upvotes is not None:
            lines.append(f"<div>Upvote</div><div>{p.upvotes}</div>")
        lines.append(f"<h3><a href='/papers/{p.ident}'>{e(p.title)}</a></h3>")
        if p.authors is not None:
            lines.append(f"<div>· {p.authors} authors</div>")
        lines.append(f"<p>{e(p.abstract)}</p>")
        if p.stars is not None:
            lines.append(f"<a href='https://github.com/example/repo{p.ident}'>GitHub {p.stars}</a>")
        lines.append("</article>")
    lines += ["</main><footer><a href='/privacy'>Privacy</a></footer></body></html>"]
    return lines


def _wrapped(title: str, width: int | None) -> list[str]:
    """The title as a converter wraps it at ``width`` characters (None: not wrapped)."""
    return [title] if width is None else textwrap.wrap(title, width)


def read(lines: list[str], importer: str) -> list[Record]:
    source = Source.from_text("\n".join(lines) + "\n")
    items = list(by_name(importer).parse(source))
    assert not [i for i in items if isinstance(i, Skip)]
    return [i.cleaned() for i in items if isinstance(i, Record)]


def assert_same_papers(records: list[Record], papers: list[Paper]) -> None:
    assert [(r.title, r.abstract) for r in records] == [(p.title, p.abstract) for p in papers]


# -- the properties ----------------------------------------------------------------------------


@PROPERTY
@given(pages())
def test_text_markdown_and_html_give_the_same_papers(papers: list[Paper]) -> None:
    text, markdown, saved = (
        read(as_text(papers), "hf-page"),
        read(as_markdown(papers), "hf-page"),
        read(as_html(papers), "hf-html"),
    )
    for records in (text, markdown, saved):
        assert_same_papers(records, papers)
        assert [r.authors_count for r in records] == [p.authors for p in papers]
        assert [r.upvotes for r in records] == [p.upvotes for p in papers]
    for records in (markdown, saved):
        assert [r.arxiv_id for r in records] == [p.ident for p in papers]
        assert [r.github_stars for r in records] == [p.stars for p in papers]


@PROPERTY
@given(pages(), st.data())
def test_furniture_shuffled_in_changes_nothing(papers: list[Paper], data: st.DataObject) -> None:
    for render, importer in ((as_text, "hf-page"), (as_markdown, "hf-page")):
        lines = render(papers)
        for _ in range(data.draw(st.integers(1, 12))):
            at = data.draw(st.integers(0, len(lines)))
            line = data.draw(st.sampled_from(FURNITURE))
            blank = data.draw(st.booleans())
            lines[at:at] = ["", line, ""] if blank else [line]
        assert_same_papers(read(lines, importer), papers)


@PROPERTY
@given(pages(), st.integers(30, 80))
def test_wrapped_titles_are_joined(papers: list[Paper], width: int) -> None:
    assert_same_papers(read(as_text(papers, wrap=width), "hf-page"), papers)
    assert_same_papers(read(as_markdown(papers, wrap=width), "hf-page"), papers)


@PROPERTY
@given(pages())
def test_a_page_listing_every_paper_twice_gives_each_once(papers: list[Paper]) -> None:
    doubled = [p for paper in papers for p in (paper, paper)]
    assert_same_papers(read(as_text(doubled), "hf-page"), papers)
    assert_same_papers(read(as_markdown(doubled), "hf-page"), papers)
    assert_same_papers(read(as_html(doubled), "hf-html"), papers)


def test_a_broken_block_is_listed_and_the_rest_imports(library_dir: Path) -> None:
    papers = [
        Paper(*REAL[n], ident=f"2407.1000{n}", authors=3, upvotes=1, stars=None) for n in (0, 1, 2)
    ]
    lines = as_markdown(papers)
    heading = next(
        n for n, line in enumerate(lines) if line.startswith("### ") and papers[1].title in line
    )
    del lines[heading]  # the second paper loses its title
    source = Source.from_text("\n".join(lines))
    with Library(library_dir) as library:
        report = import_source(library, source, by_name("hf-page"))
        assert report.new == 2 and library.count() == 2
    (broken,) = report.skipped
    assert not broken.refuses and "no title" in broken.reason
    assert lines[broken.line - 1].startswith(papers[1].abstract[:40])


@PROPERTY
@given(pages(), st.sampled_from(["\r\n", "\n"]), st.sampled_from(["", "  ", "\t"]))
def test_a_paste_that_doubled_its_line_breaks_or_indented_them_gives_the_same(
    papers: list[Paper], newline: str, indent: str
) -> None:
    lines = as_text(papers * 4)  # long enough for the doubling to show
    doubled = [f"{indent}{line}" if line else "" for line in lines for line in (line, "")]
    source = Source.from_text(newline.join(doubled) + newline)
    items = list(by_name("hf-page").parse(source))
    assert_same_papers([i.cleaned() for i in items if isinstance(i, Record)], papers)


CHROMIUM_COPY = (
    Path(__file__).parents[1] / "fixtures" / "page-captures" / "hf-trending-chromium-copy.txt"
)


def test_a_browser_copy_missing_a_title_lists_that_abstract_and_imports_the_rest(
    library_dir: Path,
) -> None:
    # A browser copy has no marks: with its title gone, the card's lines above the abstract
    # (the submitter, "GitHub 3.29k arXiv Page", an image's "[图片：无替代文本]") are no title.
    lines = CHROMIUM_COPY.read_text(encoding="utf-8").split("\n")
    title = "TradingAgents: Multi-Agents LLM Financial Trading Framework"
    del lines[lines.index(title)]  # the page lists this paper twice: its second card stays
    with Library(library_dir) as library:
        report = import_source(library, Source.from_text("\n".join(lines)), by_name("hf-page"))
        assert report.new == 50 and library.count() == 50
        titles = [row["title"] for row in library.db.query("select title from papers")]
        assert title in titles
    (broken,) = report.skipped
    assert not broken.refuses and "no title" in broken.reason
    assert lines[broken.line - 1].startswith("A multi-agent framework using large language")

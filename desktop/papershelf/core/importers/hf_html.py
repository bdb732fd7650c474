"""A papers page saved from the browser as HTML ("Save page as"): Hugging Face or arXiv.

lxml.html parses the page, however sloppy. A saved Hugging Face page carries its papers twice:
as the data the page was drawn from (``data-props`` JSON on the ``DailyPapers`` element: ids,
titles, abstracts, author names, upvotes, GitHub repositories) and as visible text. The data is
read when it is there; otherwise the visible text is turned into lines the way a browser lays
it out (a block element starts a line; links, scripts, menus and forms handled as a reader
would) and read by the same ``page_reader`` as a copied page; an arXiv listing's lines go to
``arxiv_page.read_listing``, as its copy does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from papershelf.core.errors import ImportRefused
from papershelf.core.importers.arxiv_page import read_listing
from papershelf.core.importers.jsonstream import loads
from papershelf.core.importers.page_reader import read_page
from papershelf.core.importers.page_units import BASE_URL, Unit, absolute, line_units
from papershelf.core.importers.source import Source
from papershelf.core.records import Furniture, Record, Skip

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HF_SIGNS = ("huggingface.co", "hf.co", "daily papers", "trending papers")
_ARXIV_SIGNS = re.compile(r"arxiv\.org.*(?:list-title|class=.list-identifier)", re.S | re.I)
ARXIV = "https://arxiv.org"
# fmt: off
_BLOCK = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "blockquote",
    "td", "th", "tr", "dd", "dt", "figcaption", "main", "ul", "ol", "table", "header", "aside",
    "pre", "address", "details", "summary", "dl", "hr", "br", "body",
}
# fmt: on
# fmt: off
_SKIP = {
    "script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button",
    "select", "head", "iframe", "dialog", "object", "canvas", "math",
}
# fmt: on


def looks_like_html(head: str) -> bool:
    """Whether ``head`` is the start of an HTML document."""
    return bool(_HTML_START.match(head.lstrip("\ufeff")))


class HuggingFaceHtml:
    """Importer for a papers page saved as HTML."""

    name = "hf-html"
    label = "papers page saved as HTML (Hugging Face, arXiv)"

    def detect(self, head: str) -> float:
        """Certain for an HTML page of papers from huggingface.co or an arXiv listing."""
        if not looks_like_html(head):
            return 0.0
        if _ARXIV_SIGNS.search(head):
            return 0.95
        low = head.casefold()
        return 0.95 if any(sign in low for sign in _HF_SIGNS) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip | Furniture]:
        """The page's papers: from its own data if it holds it, else from its text."""
        try:
            root = lxml_html.document_fromstring(source.read())
        except (etree.ParserError, ValueError) as exc:
            raise ImportRefused(source.name, f"this HTML page cannot be read ({exc}).") from None
        if _ARXIV_SIGNS.search(source.head):
            yield from read_listing(list(html_units(root, ARXIV)))
            return
        data = list(hydrated_papers(root))
        if data:
            yield from data
            return
        yield from read_page(list(html_units(root)))


# -- the page's own data ------------------------------------------------------------------------


def hydrated_papers(root: etree._Element) -> Iterator[Record]:
    """Papers from the JSON a Hugging Face page was rendered from, if it holds any."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        props = element.get("data-props")
        if not props or '"title"' not in props:
            continue
        try:
            value = loads(props)
        except json.JSONDecodeError:
            continue  # not JSON, or nested past reason: the visible text is read instead
        for entry in _paper_entries(value):
            record = _hydrated_record(entry, element.sourceline or 0)
            if record is not None:
                yield record


def _paper_entries(value: Any) -> Iterator[dict[str, Any]]:
    """The paper objects of a page's data: ``dailyPapers[].paper`` and lists like it."""
    if not isinstance(value, dict):
        return
    for key in ("dailyPapers", "papers", "trendingPapers", "items"):
        items = value.get(key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    inner = item.get("paper")
                    paper = inner if isinstance(inner, dict) else item
                    yield {**paper, "_outer": item}


def _hydrated_record(paper: dict[str, Any], line: int) -> Record | None:
    outer = paper.get("_outer", {})
    title = paper.get("title") or outer.get("title")
    ident = paper.get("id")
    if not isinstance(title, str) or not title.strip():
        return None
    authors = [
        a.get("name") if isinstance(a, dict) else a
        for a in paper.get("authors") or []
        if isinstance(a, dict | str)
    ]
    github = paper.get("githubRepo")
    stars = paper.get("githubStars")
    upvotes = paper.get("upvotes")
    published = paper.get("publishedAt")
    project = paper.get("projectPage")
    arxiv_id = ident if isinstance(ident, str) else None
    links = [f"https://huggingface.co/papers/{arxiv_id}"] if arxiv_id else []
    links += [u for u in (github, project) if isinstance(u, str) and u.startswith("http")]
    date = published[:10] if isinstance(published, str) and len(published) >= 10 else None
    return Record(
        title=title,
        line=line,
        abstract=str(paper.get("summary") or outer.get("summary") or ""),
        authors=[a for a in authors if isinstance(a, str) and a.strip()],
        arxiv_id=arxiv_id,
        date=date,
        year=int(date[:4]) if date and date[:4].isdigit() else None,
        links=links,
        github=github if isinstance(github, str) else None,
        github_stars=stars if isinstance(stars, int) else None,
        project_page=project if isinstance(project, str) else None,
        upvotes=upvotes if isinstance(upvotes, int) else None,
    )


# -- the visible text ---------------------------------------------------------------------------


def html_units(root: etree._Element, base: str = BASE_URL) -> Iterator[Unit]:
    """The page's visible lines in order, as a browser lays them out, with their links.

    Walked with ``iterwalk`` rather than recursion, so no nesting depth stops it.
    """
    body = root.find("body")
    walker = etree.iterwalk(body if body is not None else root, events=("start", "end"))
    pieces: list[tuple[str, int | None]] = []
    hrefs: list[str] = []
    links: list[int] = []  # the links open around the current text
    line = 0
    block = 0
    heading = 0
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP or element.get("hidden") is not None:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                yield from line_units(pieces, hrefs, line, block, heading > 0, base=base)
                pieces, block = [], block + 1
                line = element.sourceline or line
            if tag[:1] == "h" and tag[1:].isdigit():
                heading += 1
            if tag == "a":
                hrefs.append(absolute(element.get("href", ""), base))
                links.append(len(hrefs) - 1)
            if element.text and tag not in _SKIP:
                pieces.append((element.text, links[-1] if links else None))
                line = line or element.sourceline or 0
        else:
            if tag in _SKIP:
                pass
            elif tag in _BLOCK:
                yield from line_units(pieces, hrefs, line, block, heading > 0, base=base)
                pieces, block = [], block + 1
            if tag[:1] == "h" and tag[1:].isdigit():
                heading -= 1
            if tag == "a" and links:
                links.pop()
            if element.tail:
                pieces.append((element.tail, links[-1] if links else None))
    yield from line_units(pieces, hrefs, line, block, heading > 0, base=base)


IMPORTER = HuggingFaceHtml()

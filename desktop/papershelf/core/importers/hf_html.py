"""The Hugging Face papers page saved from the browser as HTML ("Save page as").

lxml.html parses the page, however sloppy. The page is then read the way the text copy is:
each innermost block element (heading, paragraph, list item, a div holding only inline text)
becomes a paragraph, navigation, scripts and forms are dropped, and ``hf_page.pair_titles``
pairs each title with the abstract after it. Links on a title (``/papers/2502.12345``) are made
absolute and give the paper its arXiv id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import hf_page
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip
from papershelf.core.textutil import squash

BASE_URL = "https://huggingface.co"
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HF_SIGNS = ("huggingface.co", "hf.co", "daily papers", "trending papers")
_BLOCK = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "blockquote",
    "td",
    "dd",
    "dt",
    "figcaption",
    "main",
    "ul",
    "ol",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button"}
_SKIP |= {"select", "head", "iframe", "dialog", "header"}
_PAGE_NOISE = re.compile(r"^by\s.*\band the research community$|^(?:previous|next)$", re.I)
_PAPER_LINK = re.compile(r"/papers/(\d{4}\.\d{4,5})(?:v\d+)?/?$")


def looks_like_html(head: str) -> bool:
    """Whether ``head`` is the start of an HTML document."""
    return bool(_HTML_START.match(head.lstrip("\ufeff")))


class HuggingFaceHtml:
    """Importer for the Hugging Face papers page saved as HTML."""

    name = "hf-html"
    label = "Hugging Face papers page saved as HTML"

    def detect(self, head: str) -> float:
        """Certain for an HTML document from huggingface.co."""
        if not looks_like_html(head):
            return 0.0
        low = head.casefold()
        return 0.95 if any(sign in low for sign in _HF_SIGNS) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each title with its abstract, read from the page's text blocks."""
        try:
            root = lxml_html.document_fromstring(source.read())
        except (etree.ParserError, ValueError) as exc:
            raise ImportRefused(source.name, f"this HTML page cannot be read ({exc}).") from None
        for item in hf_page.pair_titles(_paragraphs(root)):
            if isinstance(item, Record):
                _fill_ids(item)
            yield item


def _paragraphs(root: etree._Element) -> Iterator[hf_page._Paragraph]:
    """The page's innermost text blocks, in document order, as paragraphs."""
    body = root.find("body")
    for element in (body if body is not None else root).iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCK:
            continue
        if any(a.tag in _SKIP for a in element.iterancestors()) or _has_block_child(element):
            continue
        text = squash(element.text_content())
        links = [_absolute(a.get("href", "")) for a in element.iter("a") if a.get("href")]
        if element.tag == "a" or (not text and not links):
            continue
        if text and (hf_page._is_noise(text) or _PAGE_NOISE.match(text)):
            continue  # "Submitted by <user>", "by AK and the research community": links too
        para = hf_page._Paragraph(element.sourceline or 0, heading=element.tag[:1] == "h")
        para.links = [link for link in links if _paper_link(link)]
        if text:
            para.lines.append(text)
        if para.lines or para.links:
            yield para


def _paper_link(link: str) -> bool:
    """Links worth keeping: the paper's own page and anything off huggingface.co."""
    if not link:
        return False
    return not link.startswith(BASE_URL) or bool(_PAPER_LINK.search(link))


def _has_block_child(element: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCK for d in element.iterdescendants())


def _absolute(href: str) -> str:
    """A page link made absolute; '' for in-page anchors and scripts."""
    href = href.strip()
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("/") and not href.startswith("//"):
        return BASE_URL + href
    return ""


def _fill_ids(record: Record) -> None:
    """The arXiv id from a ``/papers/ID`` link; links kept once each."""
    record.links = list(dict.fromkeys(record.links))
    for link in record.links:
        match = _PAPER_LINK.search(link)
        if match:
            record.arxiv_id = match.group(1)
            return


IMPORTER = HuggingFaceHtml()

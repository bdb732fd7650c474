"""The Hugging Face papers page saved as HTML."""

from __future__ import annotations

from papershelf.core.importers import Source, detect
from papershelf.core.importers.hf_html import IMPORTER
from papershelf.core.records import Record

ABSTRACT = "We present a model that reads &amp; writes. It beats every baseline we tried on it."

PAGE = f"""<!DOCTYPE html>
<html><head><title>Trending Papers - Hugging Face</title>
<script>var x = "<p>not a paper</p>";</script></head>
<body><header><nav><a href="/models">Models</a></nav></header>
<main>
<article><h3><a href="/papers/2501.12345">A Model &lt;That&gt; Reads</a></h3>
<div>· 4 authors</div><p>{ABSTRACT}</p>
<div>Submitted by <a href="/someone">someone</a></div>
<a href="https://github.com/org/repo">GitHub</a><div>12</div></article>
<article><h3><a href="/papers/2501.54321v2">Second</a></h3><p>{ABSTRACT}</p></article>
</main></body></html>
"""


def test_saved_page_is_detected_and_parsed() -> None:
    source = Source.from_text(PAGE, "page.html")
    assert detect(source).name == "hf-html"
    records = [i.cleaned() for i in IMPORTER.parse(source) if isinstance(i, Record)]
    assert [(r.title, r.arxiv_id) for r in records] == [
        ("A Model <That> Reads", "2501.12345"),
        ("Second", "2501.54321"),
    ]
    assert records[0].abstract == ABSTRACT.replace("&amp;", "&")
    assert records[0].links[0] == "https://huggingface.co/papers/2501.12345"
    assert "https://huggingface.co/someone" not in records[0].links
    assert records[0].line == 6


def test_other_html_is_not_claimed() -> None:
    page = "<!doctype html><html><body><h3>Title</h3><p>Text.</p></body></html>"
    assert IMPORTER.detect(page) == 0.0


def test_the_text_copy_stays_with_the_page_importer() -> None:
    text = f"Trending Papers\n\nA Model\n\n{ABSTRACT}\n"
    assert detect(Source.from_text(text)).name == "hf-page"

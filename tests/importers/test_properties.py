"""Property tests: no input, however broken, makes an importer fail with anything but a refusal.

For every registered importer, ``parse`` is run to the end on arbitrary text (Unicode, random
bytes read as Latin-1, soup made of the formats' own tokens) and on small real fixture files
that were cut short or had bytes flipped. Detection and ``Source.from_bytes`` get arbitrary
input too. The only exception allowed out is ``ImportRefused``: anything else is a bug.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from papershelf.core import importers
from papershelf.core.errors import ImportRefused
from papershelf.core.importers import IMPORTERS, Importer, Source
from papershelf.core.records import Furniture, Record, Skip

FIXTURES = Path(__file__).parents[1] / "fixtures"
SMALL = 24 * 1024  # fixture files up to this size are mutated; bigger ones only slow it down

# Sixty examples per importer and property keep the whole file well under a minute; no health
# check needs suppressing. deadline=None: charset sniffing of odd bytes can take a while.
PROPERTY = settings(max_examples=60, deadline=None)


def _fixture_files() -> dict[str, list[Path]]:
    """Small fixture inputs by the format their expectations name ("" holds them all)."""
    by_format: dict[str, list[Path]] = {"": []}
    for expected in sorted(FIXTURES.rglob("*.expected.json")):
        path = expected.with_name(expected.name.removesuffix(".expected.json"))
        if not path.is_file() or path.stat().st_size > SMALL:
            continue
        fmt = json.loads(expected.read_text(encoding="utf-8")).get("format", "")
        by_format.setdefault(fmt, []).append(path)
        by_format[""].append(path)
    return by_format


FIXTURE_FILES = _fixture_files()

# Pieces of every supported format, so that random soup gets past the first checks.
# fmt: off
TOKENS = [
    "\n", "\n\n", "\r\n", "\r", " ", "\t", "      ", ",", ";", "=", "{", "}", "(", ")", "[", "]",
    '"', "'", "\\", "\\\\", "%", "#", "$", "&amp;", "&#x41;", "\ufeff", "\x00", "é", "\u2028",
    "@article{", "@string{", "@comment{", "@preamble{", "key,", "title = {", "abstract = ",
    "author = {A and B}", "crossref = ", " # ", "\\'e", "{\\\"o}", "\\textbf{", "$x^2$",
    "TY  - JOUR", "ER  - ", "TI  - ", "T1  - ", "AB  - ", "N2  - ", "AU  - ", "DO  - ",
    "PMID- 123", "TI  - ", "AB  - ", "FAU - ", "DP  - 2020 Jan", "AID - ",
    "<?xml version='1.0'?>", "<PubmedArticleSet>", "<PubmedArticle>", "<ArticleTitle>",
    "</ArticleTitle>", "<AbstractText Label='X'>", "</AbstractText>", "<PMID>1</PMID>",
    "<!DOCTYPE html>", "<html>", "<h3>", "</h3>", "<a href='/papers/2401.00001'>", "<p>",
    "<entry>", "<title>", "</title>", "<summary>", "<author><name>",
    "[", "{", '"title": ', '"abstract": ', '"summary": ', '"abstract_inverted_index": {"a": [0]}',
    '"DOI": ', '"items": [', "null", "true", "1e400", "-0", '"\\ud800"', "}\n{",
    "- id: x\n", "title: ", "type: article-journal\n", "---\n",
    "Title,Abstract,Authors,DOI\n", '"a,""b""\nc",', "Document Title,Abstract\n",
    "### [", "](https://arxiv.org/abs/2401.00001)", "### ", "<details>", "</details>", "```",
    "arXiv:2401.00001", "Title: ", "Authors: ", "Categories: cs.CL", "Comments: ", "\\\\",
    "\\\\ ( https://arxiv.org/abs/2401.00001 , 12kb)", "Date: Mon, 1 Jan 2024",
    "Submitted by", "upvotes", "Subscribe", "GitHub", "Abstract", "new", "Published on",
]
# fmt: on

unicode_text = st.text(max_size=2000)
latin1_text = st.binary(max_size=2000).map(lambda data: data.decode("latin-1"))
token_soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=120).map(
    "".join
)
any_text = st.one_of(unicode_text, latin1_text, token_soup)


@st.composite
def mutated_fixture(draw: st.DrawFn, files: list[Path]) -> bytes:
    """A small real fixture, cut short at a random point and/or with random bytes replaced."""
    data = bytearray(draw(st.sampled_from(files)).read_bytes())
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    flips = draw(st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 255)), max_size=8))
    for position, value in flips:
        if data:
            data[position % len(data)] = value
    return bytes(data)


def assert_parses_or_refuses(importer: Importer, source: Source) -> None:
    """Parse to the end as ``papershelf import`` would; only ImportRefused may escape."""
    try:
        for item in importer.parse(source):
            assert isinstance(item, Record | Skip | Furniture), f"{importer.name} yielded {item!r}"
            if isinstance(item, Record):
                item.cleaned()
    except ImportRefused:
        pass


def _source_from_text(text: str) -> Source:
    try:
        return Source.from_text(text, "generated")
    except ImportRefused:
        assume(False)  # blank text: refused before any importer sees it
        raise


def _source_from_file(data: bytes, folder: str) -> Iterator[Source]:
    """A file-backed source (the streaming path real imports take), or nothing if refused."""
    path = Path(folder) / "input"
    path.write_bytes(data)
    try:
        yield Source.from_path(path)
    except ImportRefused:
        return


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@PROPERTY
@given(text=any_text)
def test_parse_survives_arbitrary_text(importer: Importer, text: str) -> None:
    """Parsing any text yields Records and Skips or refuses; it never crashes."""
    assert_parses_or_refuses(importer, _source_from_text(text))


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@PROPERTY
@given(data=st.data())
def test_parse_survives_mutated_fixtures(importer: Importer, data: st.DataObject) -> None:
    """Parsing a real fixture cut short or with flipped bytes never crashes."""
    own = FIXTURE_FILES.get(importer.name) or FIXTURE_FILES[""]
    files = data.draw(st.sampled_from([own, own, own, FIXTURE_FILES[""]]), label="pool")
    raw = data.draw(mutated_fixture(files), label="bytes")
    with tempfile.TemporaryDirectory() as folder:
        for source in _source_from_file(raw, folder):
            assert_parses_or_refuses(importer, source)


@PROPERTY
@given(text=any_text)
def test_detect_returns_an_importer_or_refuses(text: str) -> None:
    """Detection on any text picks a registered importer or refuses; scores stay in 0..1."""
    source = _source_from_text(text)
    for importer in IMPORTERS:
        score = importer.detect(source.head)
        assert 0.0 <= score <= 1.0, f"{importer.name} scored {score}"
    try:
        chosen = importers.detect(source)
    except ImportRefused:
        return
    assert chosen in IMPORTERS


_BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
encoded_text = st.tuples(
    st.text(max_size=500), st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
).map(lambda pair: pair[0].encode(pair[1], errors="replace"))
any_bytes = st.tuples(
    st.sampled_from(_BOMS), st.one_of(st.binary(max_size=2000), encoded_text)
).map(b"".join)


@PROPERTY
@given(data=any_bytes)
def test_source_from_bytes_decodes_or_refuses(data: bytes) -> None:
    """Any bytes either decode into a readable source or are refused with a sentence."""
    try:
        source = Source.from_bytes(data, "standard input")
    except ImportRefused:
        return
    assert source.head.strip()
    assert source.read().startswith(source.head[:100])
    for _ in source.lines():
        pass

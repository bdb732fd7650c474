"""Page text of any capture turned into units: one line of plain text each, with its links.

A page of papers reaches us copied from a browser (plain lines), converted to Markdown (by a
reader extension, a converter, a notebook, ``firecrawl``), dumped by a text browser (reference
links such as ``[Title][32]``), or saved as HTML. Whatever the capture, the reader only wants
the page's visible lines in order, each with the links it carries, which block (paragraph) it
belongs to, and whether it is a heading. This module produces that:

- Markdown is parsed by markdown-it-py (CommonMark: links, reference links, images, escapes and
  hard breaks are undone by the parser, not by regular expressions). Each softbreak ends a unit,
  so a list item glued to a paragraph by CommonMark's lazy continuation stays its own line.
- Plain text is split into lines and blank-line blocks; nothing in it is treated as markup.
- What a converter leaves half-parsed (a link spanning blank lines, ``][33]`` after an
  abstract, ``\\`` at line ends, ``\\ `` in titles) is cleaned by ``residue``.

The HTML walker lives in ``hf_html``; it produces the same units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from markdown_it import MarkdownIt
from markdown_it.token import Token

from papershelf.core.textutil import squash

BASE_URL = "https://huggingface.co"


@dataclass
class Unit:
    """One visible line of a page: its text, its links, its block, and where it starts."""

    line: int
    text: str
    links: list[str] = field(default_factory=list)
    block: int = 0
    heading: bool = False
    lines: int = 1  # source lines it covers (a joined title, a wrapped abstract)
    indented: bool = False  # its source line starts with spaces (a converter's wrapped line)
    width: int = 0  # plain text: the source line's length, indentation included


@dataclass
class PageContext:
    """What is known of the capture as a whole.

    ``captured``: when it was made (for dates shown without a year). ``plain``: the text is
    the user's own, not a page, so no word of it is taken for a menu entry. ``markdown``:
    the lines came from Markdown, where the lines of a paragraph belong together.
    """

    captured: date | None = None
    plain: bool = False
    markdown: bool = False  # lines of one Markdown paragraph are one text


# -- Markdown or not -------------------------------------------------------------------------

_MARKDOWN_SIGNS = re.compile(
    r"\]\((?:https?://|/)\S*\)|^[ \t]*\[[^\]\n]+\]:[ \t]+\S|!\[[^\]\n]*\]\(|\\\\?$|\\[\[\]_*]",
    re.MULTILINE,
)


def looks_like_markdown(head: str) -> bool:
    """Whether page text is Markdown: inline or reference links, images, escapes.

    Headings and bullets alone do not make Markdown: a text browser writes ``###`` and
    ``*`` too, with links spanning lines that no Markdown parser would read, so such text is
    read as plain lines (which know headings and bullets).
    """
    return len(_MARKDOWN_SIGNS.findall(head)) >= 2


# -- front matter ----------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n((?:[^\n]*\n){0,60}?)---[ \t]*\n")
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w -]{0,40}):\s*(.*?)\s*$")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """The ``key: value`` pairs of a YAML front matter block, and how many lines it takes.

    Read as lines, never as YAML: only flat string values matter here (``url``, ``retrieved``,
    ``exported``), and a YAML loader would expand aliases from a hostile file.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    pairs = {}
    for line in match.group(1).splitlines():
        kv = _KEY_VALUE.match(line)
        if kv:
            pairs[kv.group(1).strip().lower()] = kv.group(2).strip().strip("\"'")
    return pairs, match.group(0).count("\n")


# -- what converters leave behind ------------------------------------------------------------

# No part runs over a "[" or "(" that would start the next one: "![" a million times with no
# "]" is then read once, not once from each "![".
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\s]*\)|!\[[^\[\]\n]*\]\[[^\[\]\n]*\]")
# A link's target runs to its ")", holding balanced "(…)" pairs but no other "(": each try
# stops at the next "(" or space. (It ran to the end of the line, lazily, from every "](":
# a 1 MB line of "](https://…" without ")" took minutes.)
_TARGET = r"((?:[^\s()]|\([^\s()]*\))+)\)"
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(" + _TARGET)
_DANGLING_CLOSE = re.compile(r"\]\(" + _TARGET)
_REF_LINK = re.compile(r"\[([^\[\]\n]*)\]\[\w{1,8}\]")
_REF_CLOSE = re.compile(r"\]\[\w{1,8}\]")
_ALT_IN_BRACKETS = re.compile(r"^\[[^\[\]\n]{1,80}\]\s+(?=\S)")
_LYNX_REF = re.compile(r"\[(\d{1,4})\](?=[^\s\[\]])")
_NUMBERED = re.compile(r"\[\d+\]")  # matched at a position
_ALT_ONLY = re.compile(r"^\[[^\[\]\n]*\]$")
_LINK_WORD = re.compile(r"^\[?LINK:\s*", re.IGNORECASE)
_BACKSLASH_SPACE = re.compile(r"\\(?=\s)|\\$")


def residue(text: str, base: str = BASE_URL) -> tuple[str, list[str]]:
    """Text with left-over link and image syntax removed, and the URLs it held."""
    if not any(c in text for c in "[]\\"):
        return text, []
    links: list[str] = [f"ref:{n}" for n in _LYNX_REF.findall(text)]  # lynx: "[25]Weixian Xu"
    text = _LYNX_REF.sub(lambda m: " " if m.start() and text[m.start() - 1].isalnum() else "", text)
    text = _IMAGE.sub(" ", text)

    def keep(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return match.group(1)

    text = _LINK.sub(keep, text)
    links += _DANGLING_CLOSE.findall(text)
    text = _DANGLING_CLOSE.sub(" ", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _REF_CLOSE.sub(" ", text)
    text = _BACKSLASH_SPACE.sub(" ", text)
    text = squash(text)
    text = _LINK_WORD.sub("", text)
    if _ALT_ONLY.match(text) and "://" not in text:
        return "", [a for u in links if (a := absolute(u, base))]  # "[image: no alt text]"
    text = _unbalanced_trimmed(text)
    alt = _ALT_IN_BRACKETS.match(text)
    if alt and len(text[alt.end() :].split()) <= 6:  # "[microsoft] Microsoft": an avatar's alt
        text = text[alt.end() :]
    return text, [a for u in links if (a := absolute(u, base))]


def _unbalanced_trimmed(text: str) -> str:
    """Text without the "[" that open it or the "]" that close it beyond those that pair up:
    a link a converter broke, not "[2] arXiv:…". Counted once and walked by index, so a line
    of 100,000 "[" is linear (counting at each "[" stripped took 42 s for 200,000)."""
    opens, closes = text.count("["), text.count("]")
    start, end = 0, len(text)
    while start < end and text[start] == "[" and opens > closes:
        if _NUMBERED.match(text, start, end):
            break
        start += 1
        opens -= 1
        while start < end and text[start].isspace():
            start += 1
    while end > start and text[end - 1] == "]" and closes > opens:
        end -= 1
        closes -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return text[start:end]


def absolute(href: str, base: str = BASE_URL) -> str:
    """A page link made absolute against the page's site; '' for anchors and scripts.

    ``ref:N`` (a text browser's numbered link) stays, for ``resolve_references``.
    """
    href = href.strip().strip("<>")
    if href.startswith(("http://", "https://", "ref:")):
        return href
    if href.startswith("/") and not href.startswith("//"):
        return base + href
    return ""


# -- plain text ------------------------------------------------------------------------------

_BARE_URL = re.compile(r"^<?(https?://\S+?)>?$")
_ATX = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_BULLET = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)|^>\s?")


def plain_units(
    lines: Iterable[tuple[int, str]], first_block: int = 0, base: str = BASE_URL
) -> Iterator[Unit]:
    """Units from plain text: one a line, blocks between blank lines, bare URLs as links.

    ``###`` headings and bullets are known (text browsers write them); a heading wrapped
    onto a second heading line with its link bracket still open is joined back.
    """
    block = first_block
    held: tuple[int, str] | None = None  # a heading line whose "[" is still open
    after_text = False  # the line before was text of the same block
    for number, raw in lines:
        text = squash(raw)
        heading = _ATX.match(text)
        # A URL on the next line of a paragraph is the paragraph's text ("Code: \n https://…").
        url_is_text = after_text
        after_text = bool(text) and not heading and not _BARE_URL.match(text)
        if held is not None:
            start, first = held
            held = None
            if heading:
                yield _plain_unit(start, f"{first} {heading.group(1)}", block, True, 2, base=base)
                continue
            yield _plain_unit(start, first, block, True, base=base)
        if not text:
            block += 1
            continue
        if heading:
            if heading.group(1).count("[") > heading.group(1).count("]"):
                held = (number, heading.group(1))
                continue
            yield _plain_unit(number, heading.group(1), block, True, base=base)
            continue
        indented = raw[:1] in (" ", "\t")
        for part in _BULLET.sub("", text).split(" · "):
            unit = _plain_unit(number, part, block, False, url_is_text=url_is_text, base=base)
            unit.indented, unit.width = indented, len(raw.rstrip())
            yield unit
    if held is not None:
        yield _plain_unit(held[0], held[1], block, True, base=base)


def _plain_unit(
    number: int,
    text: str,
    block: int,
    heading: bool,
    lines: int = 1,
    url_is_text: bool = False,
    base: str = BASE_URL,
) -> Unit:
    text, links = residue(text, base)
    url = None if url_is_text else _BARE_URL.match(text)
    if url:  # "https://…", "<https://…>", "[LINK: https://…]"
        return Unit(number, "", [*links, url.group(1)], block)
    return Unit(number, text, links, block, heading, lines)


# -- Markdown --------------------------------------------------------------------------------

# Setext headings are off: in a text-browser dump "[\n-\n][31]" (an upvote count inside a
# link) would otherwise turn the line above into a heading; an underline ("===") stays a
# line of punctuation, which is furniture.
_PARSER = MarkdownIt("commonmark", {"html": True}).disable("lheading").enable("table")
_TAG = re.compile(r"<[^<>]*>")  # stops at the next "<": "<" a thousand times is read once
_TAG_NAME = re.compile(
    r"</?(?:a|abbr|b|br|code|del|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|"
    r"small|span|strong|sub|sup|table|td|th|tr|u|ul|details|summary|picture|source|svg|"
    r"section|article|figure|figcaption|button|input|label|time|video|audio|iframe)\b|<!--",
    re.IGNORECASE,
)


def markdown_units(text: str, first_line: int = 1, base: str = BASE_URL) -> Iterator[Unit]:
    """Units from Markdown: each block's inline content split at its line breaks."""
    tokens = _joined_headings(_PARSER.parse(text))
    source_lines = text.split("\n")
    block = 0
    heading = False
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        if token.map is not None and token.type.endswith("_open"):
            block += 1
        if token.type == "inline" and token.map is not None:
            for unit in _inline_units(token, first_line + token.map[0], block, heading, base):
                raw = (
                    source_lines[unit.line - first_line]
                    if unit.line - first_line < len(source_lines)
                    else ""
                )
                unit.indented = raw[:1] in (" ", "\t")
                yield unit
        elif token.type in ("fence", "code_block") and token.map is not None:
            # A capture wrapped in a code fence is still the page: read its lines as text.
            start = first_line + token.map[0] + (1 if token.type == "fence" else 0)
            lines = enumerate(token.content.splitlines(), start)
            nested = "\n".join(token.content.splitlines()[:400])
            if looks_like_markdown(nested):
                yield from markdown_units(token.content, start, base)
            else:
                yield from plain_units(lines, (block + 1) * 100_000, base)
        elif token.type == "html_block" and token.map is not None:
            plain = _TAG.sub(" ", token.content)
            lines = enumerate(plain.splitlines(), first_line + token.map[0])
            yield from plain_units(lines, (block + 1) * 100_000, base)


def _joined_headings(tokens: list[Token]) -> list[Token]:
    """A heading whose link a converter wrapped onto the next line (``### [Long title\n
    rest](url)``: a heading is one line in Markdown) gets that line back."""
    out: list[Token] = []
    for token in tokens:
        if (
            token.type == "inline"
            and len(out) >= 4
            and [t.type for t in out[-4:]]
            == ["heading_open", "inline", "heading_close", "paragraph_open"]
            and out[-3].map is not None
            and token.map is not None
            and out[-3].map[1] == token.map[0]
            and "\n" not in token.content
            and out[-3].content.count("[") > out[-3].content.count("]")
        ):
            heading = out[-3]
            merged = _PARSER.parseInline(heading.content + " " + token.content)[0]
            merged.map = [out[-3].map[0], token.map[1]]
            out[-3] = merged
            out.pop()  # the paragraph_open; its paragraph_close follows and is harmless
            continue
        out.append(token)
    return out


def _inline_units(
    token: Token, line: int, block: int, heading: bool, base: str = BASE_URL
) -> Iterator[Unit]:
    """Units from an inline token: one a line, and one a segment of a line that holds several
    (``Org · Published on Oct 4``, ``[GitHub 131](…) [arXiv Page](…)``); images dropped."""
    children = token.children or []
    alone = not any(child.type in ("softbreak", "hardbreak") for child in children)
    pieces: list[tuple[str, int | None]] = []  # text, and the link it is in
    hrefs: list[str] = []
    link: int | None = None
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):  # a hard break ("\\" at a line's end) too
            yield from line_units(pieces, hrefs, line, block, heading, alone, base)
            pieces = []
            line += 1
        elif kind in ("text", "code_inline"):
            pieces.append((child.content, link))
        elif kind == "link_open":
            if pieces and pieces[-1][0][-1:].isalnum():
                pieces.append((" ", None))  # "Mar 11, 2025[2](#community)": a date, a count
            hrefs.append(absolute(str(child.attrs.get("href", "")), base))
            link = len(hrefs) - 1
        elif kind == "link_close":
            link = None
        elif kind == "html_inline":
            # A real tag is markup; "<sks>" in an abstract is text a converter left unescaped.
            known = _TAG_NAME.match(child.content)
            pieces.append((" " if known else child.content, link))
    yield from line_units(pieces, hrefs, line, block, heading, alone, base)


def line_units(
    pieces: list[tuple[str, int | None]],
    hrefs: list[str],
    line: int,
    block: int,
    heading: bool,
    alone: bool = True,
    base: str = BASE_URL,
) -> Iterator[Unit]:
    """The units of one visible line, given as pieces of text with the link each is in.

    A line is cut at its middle dots, and a line made only of links gives one unit a link.
    """
    segments: list[list[tuple[str, int | None]]] = [[]]
    for text, link in pieces:
        for n, part in enumerate(text.split("·")):
            if n:
                segments.append([])
            segments[-1].append((part, link))
    worded = [(t, k) for t, k in pieces if t.strip()]
    if len({k for _, k in worded}) >= 2 and all(k is not None for _, k in worded):
        segments = [
            [(t, k) for t, k in pieces if k == n] for n in dict.fromkeys(k for _, k in worded)
        ]
    units: list[Unit] = []
    for segment in segments:
        text = "".join(t for t, _ in segment)
        links = [hrefs[k] for k in dict.fromkeys(k for _, k in segment if k is not None)]
        units += _finish(text, [link for link in links if link], line, block, heading, alone, base)
    if not units and "".join(t for t, _ in pieces).strip():
        units.append(Unit(line, squash("".join(t for t, _ in pieces)), [], block, heading))
    yield from units  # a line of only "·" is still a line of the page


def _finish(
    raw: str,
    links: list[str],
    line: int,
    block: int,
    heading: bool,
    alone: bool,
    base: str = BASE_URL,
) -> Iterator[Unit]:
    """The unit for one line; a URL alone in its paragraph is a link, not text."""
    text, more = residue(squash(raw), base)
    links = links + more
    url = _BARE_URL.match(text) if alone else None
    if url:
        text, links = "", [*links, url.group(1)]
    if text or links:
        yield Unit(line, text, list(dict.fromkeys(links)), block, heading)


# -- what a text browser or a paste did to the lines -------------------------------------------

_REFERENCES = re.compile(r"^\s*References\s*$")
_REFERENCE = re.compile(r"^\s*(\d{1,5})\.\s+(\S+)\s*$")


def references(lines: list[str]) -> tuple[dict[str, str], int]:
    """A text browser's list of numbered links at the end (lynx: "References", "1. URL"):
    the URL of each number, and the line the list starts on (len(lines) if there is none)."""
    for start in range(len(lines) - 1, -1, -1):
        if _REFERENCES.match(lines[start]):
            found = {}
            for line in lines[start + 1 :]:
                match = _REFERENCE.match(line)
                if match:
                    found[f"ref:{match.group(1)}"] = match.group(2)
            if found:
                return found, start
    return {}, len(lines)


def resolve_references(units: list[Unit], refs: dict[str, str]) -> None:
    """Numbered links replaced by the URLs the list gives them; unknown numbers dropped."""
    for unit in units:
        if any(link.startswith("ref:") for link in unit.links):
            unit.links = [refs.get(link, link) for link in unit.links]
            unit.links = [link for link in unit.links if not link.startswith("ref:")]


def undoubled(lines: list[str]) -> list[str]:
    """Lines as they were before a paste doubled every line break ("a", "", "b", "", "", "",
    "c" for "a", "b", "", "c"): no two text lines touch, every blank run is odd, and the
    runs of three or more (once a blank line) are many. A page that puts a blank line between
    all its lines (a notebook export) has no such runs, and stays as it is."""
    runs, run, touching, texts = [], 0, 0, 0
    for n, line in enumerate(lines):
        if line.strip():
            texts += 1
            if run:
                runs.append(run)
            touching += n > 0 and bool(lines[n - 1].strip())
            run = 0
        else:
            run += 1
    odd = sum(r % 2 for r in runs)
    gaps = sum(r >= 3 for r in runs)  # the blank lines that were there: now three or more
    if texts < 20 or touching > texts // 50 or odd < 0.9 * len(runs) or gaps < 0.1 * len(runs):
        return lines
    out: list[str] = []
    blank = 0
    for line in lines:
        if line.strip():
            out += [""] * ((blank - 1) // 2)
            out.append(line)
            blank = 0
        else:
            blank += 1
    return out

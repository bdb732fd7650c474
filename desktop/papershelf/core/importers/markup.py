"""Markup in titles and abstracts turned into plain readable text.

Crossref abstracts are JATS (``<jats:p>``, ``<jats:title>Abstract</jats:title>``), CSL titles
carry rich-text HTML (``<i>``, ``<sup>``, ``<span class="nocase">``), scraped pages and CSV
exports leave HTML entities (``&amp;``, ``&eacute;``). lxml's HTML parser reads all of these
(it treats ``jats:p`` as just another tag name); the only hand-written part is putting a space
between block elements so that paragraphs do not run into each other, and dropping the
"Abstract" heading JATS puts first.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

# Something that looks like a real tag or an entity, not "p < 0.05" or "AT&T".
_TAG = re.compile(r"</?[A-Za-z][\w:.\-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Characters lxml refuses in element text (control characters from PDF copies, non-characters,
# lone surrogates); they become spaces before parsing.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "title",
    "sec",
    "abstract",
    "list-item",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "table",
    "section",
    "blockquote",
}
_HEADINGS = {"abstract", "summary", "abstract:", "summary:"}
_DROP = {"script", "style", "object", "math"}


def _local(tag: object) -> str:
    """The tag name without a namespace prefix (``jats:p`` -> ``p``); '' for comments."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit(":", 1)[-1].rsplit("}", 1)[-1].lower()


def has_markup(text: str) -> bool:
    """Whether ``text`` holds tags or entities worth cleaning."""
    return bool(_TAG.search(text) or _ENTITY.search(text))


def to_text(value: str | None) -> str:
    """Plain text from a value that may hold HTML / JATS tags and entities; '' for None."""
    if not value:
        return ""
    if not _TAG.search(value):
        return unescape(value) if "&" in value else value
    value = _NOT_XML.sub(" ", value)
    try:
        root = lxml_html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return unescape(_TAG.sub(" ", value))
    return _element_text(root)


# html.unescape turns the digits of "&#65;" into an int; past Python's 4,300-digit limit
# ("&#999...;", "&#000...65;") that raises ValueError, so such a run is shortened first.
_LONG_REFERENCE = re.compile(r"&#([xX]?)([0-9a-fA-F]{64,})(;?)")


def unescape(text: str) -> str:
    """``html.unescape`` for any text: a character reference of thousands of digits is the
    character its value names (leading zeros dropped), or U+FFFD past Unicode's end."""
    return html.unescape(_LONG_REFERENCE.sub(_shortened, text))


def _shortened(match: re.Match[str]) -> str:
    hex_mark, digits, semicolon = match.groups()
    tail = ""
    if not hex_mark:  # a decimal reference ends at its first non-digit: "&#0065abc"
        tail = digits.lstrip("0123456789")
        digits = digits[: len(digits) - len(tail)]
    value = digits.lstrip("0") or "0"
    if len(value) > 8:  # past U+10FFFF: what html.unescape makes of it, and its ";" taken
        return "\ufffd" + (tail + semicolon if tail else "")
    return f"&#{hex_mark}{value}{tail}{semicolon}"


def _element_text(root: etree._Element) -> str:
    """The text of an element tree with blocks separated by spaces and headings dropped."""
    first_heading = True
    for element in list(root.iter()):
        name = _local(element.tag)
        if name in _DROP or not name:
            _remove_keep_tail(element)
            continue
        if name == "title" and first_heading:
            first_heading = False
            if (element.text_content() or "").strip().casefold() in _HEADINGS:
                _remove_keep_tail(element)
                continue
        if name in _BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return " ".join(root.text_content().split())


def _remove_keep_tail(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + " " + tail
    else:
        parent.text = (parent.text or "") + " " + tail
    parent.remove(element)

"""LaTeX markup in bibliographic fields turned into plain Unicode text.

BibTeX titles and abstracts (and the odd arXiv or PubMed field) carry accents (``{\\"u}``),
font commands (``\\emph{x}``), inline maths (``$x$``), protective braces and ``--`` dashes.
pylatexenc does the conversion; this module only configures it for field values and keeps a
crude fallback for the rare value it cannot parse, so a bad field never stops an import.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import MacroSpec

# A bare % in a field value is a per-cent sign, not a LaTeX comment: BibTeX files written by
# hand and by exporters leave it unescaped, and pylatexenc would drop the rest of the line.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_COMMAND = re.compile(r"\\[a-zA-Z]+\*?|\\.")
_LATEX_HINT = re.compile(r"[\\{}$~]|--|``|''")
_NEEDS_PARSER = re.compile(r"[\\$]")
# Without commands or maths, LaTeX is only braces and a few ligatures: no need to parse it
# (pylatexenc is by far the slowest step of a BibTeX import).
# pylatexenc reads about 20 characters a millisecond: a field longer than any real abstract
# (a few thousand characters) gets the crude text instead of seconds of parsing.
PARSE_CHARS = 20_000
_LIGATURES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"), ("~", " "))


def _href(node, l2tobj: LatexNodes2Text) -> str:
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    texts = [l2tobj.nodelist_to_text([a]) for a in args]
    if len(texts) >= 2:
        return f"{texts[1]} ({texts[0]})"
    return texts[0] if texts else ""


@lru_cache(maxsize=1)
def _parsing_context() -> latexwalker.LatexContextDb:
    # The walker must know \url and \href take arguments, or their braces become loose groups.
    db = latexwalker.get_default_latex_context_db()
    db.add_context_category(
        "papershelf",
        prepend=True,
        macros=[MacroSpec("url", "{"), MacroSpec("href", "{{"), MacroSpec("cite", "[{")],
    )
    return db


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    # \url and \href print their target as a bare URL (pylatexenc writes "<url>" and fails on
    # an \href with a missing argument); citations and labels carry no readable text.
    db = get_default_latex_context_db()
    db.add_context_category(
        "papershelf-text",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%(1)s"),
            MacroTextSpec("href", simplify_repl=_href),
            # pylatexenc parses \mbox's argument but has no text for it, so drops the content.
            MacroTextSpec("mbox", simplify_repl="%(1)s"),
            # pylatexenc knows no TeX logos and drops them ("\LaTeX{} Companion" -> "Companion").
            *(MacroTextSpec(m, simplify_repl=m) for m in ("TeX", "LaTeX", "BibTeX", "XeTeX")),
            MacroTextSpec("LaTeXe", simplify_repl="LaTeX2e"),
            MacroTextSpec("cite", discard=True),
            MacroTextSpec("label", discard=True),
        ],
        environments=[],
        specials=[],
    )
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=False)


@lru_cache(maxsize=4096)
def latex_to_text(value: str) -> str:
    """Plain Unicode text for a LaTeX field value (accents, commands, maths, braces, dashes)."""
    if not value or not _LATEX_HINT.search(value):
        return value
    if not _NEEDS_PARSER.search(value):
        for latex, text in _LIGATURES:
            value = value.replace(latex, text)
        return value.replace("{", "").replace("}", "")
    if len(value) > PARSE_CHARS:
        return crude_text(value)
    escaped = _BARE_PERCENT.sub(r"\\%", value)
    try:
        return _converter().latex_to_text(escaped, latex_context=_parsing_context())
    # RecursionError: pylatexenc recurses once per open group ("\\emph{" a thousand times).
    except (latexwalker.LatexWalkerError, IndexError, KeyError, ValueError, TypeError,
            RecursionError):  # fmt: skip
        return crude_text(value)


def crude_text(value: str) -> str:
    """Text with LaTeX commands and braces simply removed, for values pylatexenc rejects."""
    return _COMMAND.sub("", value).replace("{", "").replace("}", "").replace("$", "")

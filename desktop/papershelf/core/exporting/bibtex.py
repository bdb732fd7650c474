"""BibTeX / BibLaTeX, written through bibtexparser 2's model and writer.

Each paper becomes a ``bibtexparser.model.Entry``: ``@article`` with a ``journal`` when it has
a venue, ``@misc`` with ``eprint`` and ``archiveprefix = {arXiv}`` for an arXiv paper without
one, ``@misc`` otherwise (the library records no entry type of its own). Authors go in as
bibtexparser ``NameParts`` and are written "von Last, Jr, First" by its ``MergeNameParts`` and
joined with " and " by ``MergeCoAuthors``; its ``AddEnclosingMiddleware`` puts the braces
round each value.

Text stays UTF-8 (biblatex and biber read it); what LaTeX would read as markup is escaped:
the ten special characters, and the ligatures (``--``, ``````, ``''``, ``?```, ``!```) broken
with ``{}``. Words with capitals after their first letter ("BERT", "GPT-4") are braced so that
styles which lower-case titles keep them. Identifier fields (``doi``, ``url``, ``eprint``) are
verbatim in biblatex and are not escaped; only braces and backslashes, which would end the
value, are percent-encoded. Tags are written with the keywords, as reference managers do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import bibtexparser
from bibtexparser.library import Library as BibLibrary
from bibtexparser.middlewares.enclosing import AddEnclosingMiddleware
from bibtexparser.middlewares.names import MergeCoAuthors, MergeNameParts, NameParts
from bibtexparser.model import Block, Entry, Field

from papershelf.core.exporting.citekeys import CitationKeys
from papershelf.core.exporting.names import split_name
from papershelf.core.exporting.papers import chunked, keywords_and_tags

_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
# In names a special character is a brace group starting with a backslash (``{\"o}``), which
# BibTeX's name splitting keeps whole; a bare ``\{`` would be read as a brace.
_NAME_SPECIALS = str.maketrans(
    {char: "{" + (value[:-2] if value.endswith("{}") else value) + "}"
     for char, value in ((chr(c), v) for c, v in _SPECIALS.items())}
)  # fmt: skip
# Pairs TeX would join into one glyph: "--" (a dash), "``" and "''" (quotes), "?`" and "!`".
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)")
_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
CHUNK = 500
# Keeps the blocks as built (no deep copy): they are made for this write alone.
_UNPARSE = [
    MergeNameParts(style="last", allow_inplace_modification=True),
    MergeCoAuthors(allow_inplace_modification=True),
    AddEnclosingMiddleware(
        allow_inplace_modification=True,
        default_enclosing="{",
        reuse_previous_enclosing=False,
        enclose_integers=True,
    ),
]


def escape(text: str) -> str:
    """Text as a BibTeX value: special characters escaped, ligatures broken."""
    return _LIGATURE.sub("{}", text.translate(_SPECIALS))


def escape_name(text: str) -> str:
    """A word of a name as a BibTeX value: special characters as brace groups."""
    return _LIGATURE.sub("{}", text.translate(_NAME_SPECIALS))


def protected_title(title: str) -> str:
    """A title escaped, with each word that has a capital after its first letter braced."""
    words = title.split(" ")
    return " ".join(
        f"{{{escape(w)}}}" if any(c.isupper() for c in w[1:]) else escape(w) for w in words
    )


def verbatim(value: str) -> str:
    """An identifier or URL as a value: only what would end the value is percent-encoded."""
    return value.translate(_VERBATIM)


def name_parts(name: str) -> NameParts:
    """A stored author name as bibtexparser's parts; a literal name braced whole."""
    parts = split_name(name)
    if parts.literal:
        return NameParts(last=[f"{{{escape_name(parts.literal)}}}"])
    return NameParts(
        first=[escape_name(w) for w in parts.given.split()],
        von=[escape_name(w) for w in parts.particle.split()],
        last=[escape_name(parts.family)],
        jr=[escape_name(parts.suffix)] if parts.suffix else [],
    )


def entry(paper: dict[str, Any], key: str) -> Entry:
    """The BibTeX entry of one paper."""
    venue, arxiv = paper.get("venue"), paper.get("arxiv_id")
    kind = "article" if venue else "misc"
    fields: list[tuple[str, object]] = [
        ("title", protected_title(paper["title"])),
        ("author", [name_parts(a) for a in paper.get("authors") or []]),
        ("journal", escape(venue) if venue else None),
        ("year", str(paper["year"]) if paper.get("year") else None),
        ("date", paper.get("date")),
        ("doi", verbatim(paper["doi"]) if paper.get("doi") else None),
        ("eprint", verbatim(arxiv) if arxiv else None),
        ("archiveprefix", "arXiv" if arxiv else None),
        ("pmid", paper.get("pmid")),
        ("url", verbatim(paper["links"][0]) if paper.get("links") else None),
        ("keywords", ", ".join(escape(k) for k in keywords_and_tags(paper)) or None),
        ("abstract", escape(paper["abstract"]) if paper.get("abstract") else None),
    ]
    return Entry(kind, key, [Field(name, value) for name, value in fields if value])


def entries(papers: Iterable[dict[str, Any]]) -> Iterator[Block]:
    """The entries of ``papers``, in order, with keys unique among them."""
    keys = CitationKeys()
    for paper in papers:
        yield entry(paper, keys.key(paper))


def write_bibtex(papers: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``papers`` as a .bib file, a few hundred entries at a time; how many."""
    count = 0
    for chunk in chunked(entries(papers), CHUNK):
        if count:
            out.write("\n")
        out.write(bibtexparser.write_string(BibLibrary(chunk), unparse_stack=_UNPARSE))
        count += len(chunk)
    return count


def to_bibtex(papers: Iterable[dict[str, Any]]) -> str:
    """``papers`` as the text of a .bib file."""
    return bibtexparser.write_string(BibLibrary(list(entries(papers))), unparse_stack=_UNPARSE)

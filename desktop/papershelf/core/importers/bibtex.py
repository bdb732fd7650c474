"""BibTeX and BibLaTeX files (``@article{key, title = {...}, ...}``).

bibtexparser 2 splits entries, resolves ``@string`` macros and strips enclosing braces; it
recovers after a broken entry and reports it as a failed block, which becomes a Skip with its
line. The file is fed to it in chunks cut at lines starting with ``@`` so a 200 MB export is
never parsed whole; ``@string`` definitions are carried from chunk to chunk. LaTeX in values
becomes Unicode through ``latex.py``; names are split with bibtexparser's own BibTeX name rules.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser.entrypoint import default_parse_stack
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)

from papershelf.core.importers.source import Source
from papershelf.core.latex import crude_text, latex_to_text
from papershelf.core.records import MAX_ABSTRACT, Record, Skip

# bibtexparser logs each broken entry as a warning; we report them as Skips instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

CHUNK_CHARS = 256 * 1024
# With no "@" line in this much, the text is cut at a line anyway: an entry split so is
# longer than any real one, and is refused as too big either way.
MAX_CHUNK_CHARS = 16 * CHUNK_CHARS
KNOWN_TYPES = (
    "article|book|booklet|inbook|incollection|inproceedings|conference|manual|mastersthesis|"
    "misc|phdthesis|proceedings|techreport|unpublished|online|report|thesis|collection|patent|"
    "software|dataset|electronic|www|string|preamble|comment"
)
_ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(]", re.MULTILINE)
_KNOWN_ENTRY = re.compile(rf"^[ \t]*@[ \t]*(?:{KNOWN_TYPES})[ \t]*[{{(]", re.MULTILINE | re.I)
_ENTRY_WITH_FIELD = re.compile(r"^[ \t]*@[ \t]*\w+[ \t]*[{(][^,\n]*,\s*[\w-]+\s*=", re.MULTILINE)
_BLOCK_START = re.compile(r"^\s*@")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Each starts only where a run of spaces does: "\s+#" tried inside a long run of spaces
# scans the run again from every position in it (quadratic).
_KEYWORD_SPLIT = re.compile(r"[,;]")
_CONCAT = re.compile(r"(?<!\s)\s+#\s+")
# EndNote writes entries without a citation key ("@article{" then fields), which bibtexparser
# rejects; a placeholder key on the same line keeps the line numbers right.
_NO_KEY = re.compile(r"^([ \t]*@[ \t]*\w+[ \t]*\{)(?=[ \t]*\n[ \t]*[\w-]+[ \t]*=)", re.MULTILINE)
# An empty field between two commas ("title = {...},  , number = ...") stops bibtexparser; drop
# the extra comma (whitespace and so line numbers are kept).
_EMPTY_FIELD = re.compile(r'([}"]\s*,\s*),(?=\s*[\w-]+\s*=)')
# Fields holding identifiers, where braces only protect ("{{10.1016/x}}" in Web of Science).
IDENTIFIERS = {"doi", "eprint", "eprinttype", "archiveprefix", "arxiv", "arxivid", "pmid"}
_BRACES = re.compile(r"[{}]")
# Entry types that group or share fields rather than describe a paper.
NOT_PAPERS = {"set", "xdata"}


class BibTeX:
    """Importer for BibTeX / BibLaTeX databases."""

    name = "bibtex"
    label = "BibTeX / BibLaTeX"

    def detect(self, head: str) -> float:
        """Certain for ``@article{``-style entries at line starts; a code block makes it unsure."""
        if "```" in head:  # a Markdown page quoting a citation, not a .bib file
            return 0.3 if _KNOWN_ENTRY.search(head) else 0.0
        if _KNOWN_ENTRY.search(head) or _ENTRY_WITH_FIELD.search(head):
            return 0.95
        return 0.7 if _ENTRY.search(head) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Every entry with a title as a Record; broken or title-less entries as Skips."""
        strings: dict[str, String] = {}
        for first_line, text in _chunks(source):
            library = Library()
            library.add(list(strings.values()))
            text = _EMPTY_FIELD.sub(r"\1", _NO_KEY.sub(r"\1nokey,", text))
            parsed = bibtexparser.parse_string(text, library=library)
            for macro in parsed.strings:
                strings[macro.key.lower()] = macro
            values = {key: macro.value for key, macro in strings.items()}
            for block in parsed.blocks:
                # bibtexparser builds this block around the Entry (its property says any Block).
                if isinstance(block, DuplicateFieldKeyBlock) and isinstance(
                    block.ignore_error_block, Entry
                ):
                    block = _transformed(block.ignore_error_block, parsed)
                yield from _block(block, first_line + (block.start_line or 0), values)


def _chunks(source: Source) -> Iterator[tuple[int, str]]:
    """Pieces of the file, each starting at an ``@`` line, with the line each starts on."""
    lines: list[str] = []
    size = 0
    first = 1
    for number, line in source.lines():
        if number == 1:
            line = line.lstrip("\ufeff")
        if size >= CHUNK_CHARS and _BLOCK_START.match(line) or size >= MAX_CHUNK_CHARS:
            yield first, "\n".join(lines) + "\n"
            lines, size, first = [], 0, number
        lines.append(line)
        size += len(line) + 1
    if lines:
        yield first, "\n".join(lines) + "\n"


def _transformed(entry: Entry, parsed: Library) -> Entry:
    """An entry with repeated fields, which bibtexparser leaves raw, put through its parse stack."""
    library = Library(blocks=[*parsed.strings, entry], fail_on_duplicate_key=False)
    for middleware in default_parse_stack(allow_inplace_modification=False):
        library = middleware.transform(library)
    return library.entries[0] if library.entries else entry


def _block(block: object, line: int, strings: dict[str, str]) -> Iterator[Record | Skip]:
    if isinstance(block, DuplicateBlockKeyBlock):
        block = block.ignore_error_block
    if isinstance(block, ParsingFailedBlock):
        yield Skip(line, _failure(block))
    elif isinstance(block, Entry) and block.entry_type.lower() not in NOT_PAPERS:
        fields: dict[str, str] = {}
        for f in block.fields:
            # A repeated field keeps its first non-empty value, as BibTeX keeps the first.
            key = f.key.lower()
            if not fields.get(key, "").strip():
                try:
                    value = _value(f.value, strings)
                except _TooLong:
                    yield Skip(line, _too_long(block.key, key))
                    return
                fields[key] = _BRACES.sub("", value) if key in IDENTIFIERS else value
        if not fields.get("title", "").strip():
            yield Skip(line, f"the entry {block.key!r} has no title, so it cannot be a paper")
        else:
            yield _record(fields, line)


def _failure(block: ParsingFailedBlock) -> str:
    """One sentence for a block bibtexparser could not read."""
    raw = (block.raw or "").strip().splitlines()
    start = raw[0][:60] if raw else "an entry"
    lines = [x.strip() for x in str(block.error or "").splitlines() if x.strip()]
    detail = lines[-1] if lines else "syntax error"
    return f"could not read {start!r}: {detail.rstrip('.')}."


class _TooLong(Exception):
    """A field whose macros expand past any real field's size."""


def _too_long(key: str, field: str) -> str:
    return (
        f"the entry {key!r}: its @string macros make the {field} field more than "
        f"{MAX_ABSTRACT:,} characters long; no paper's field is that long, so the entry is broken"
    )


def _value(value: object, strings: dict[str, str]) -> str:
    """A field value as text, with ``"a" # macro`` concatenations joined.

    The joined text is bounded: a macro of 60 KB named a thousand times in a 70 KB file would
    otherwise become a 60-million-character field. Past ``MAX_ABSTRACT`` characters it raises
    ``_TooLong`` before building the text.
    """
    text = str(value)
    if "#" not in text or not _CONCAT.search(text):
        return text
    parts = []
    size = 0
    for part in _CONCAT.split(text):
        part = part.strip()
        if part[:1] in '{"' and part[-1:] in '}"':
            piece = part[1:-1]
        else:
            piece = strings.get(part.lower(), part)
        size += len(piece)
        if size > MAX_ABSTRACT:
            raise _TooLong
        parts.append(piece)
    return "".join(parts)


def _record(fields: dict[str, str], line: int) -> Record:
    """A Record from an entry's fields (lower-case keys, values still in LaTeX)."""
    year, date = _year_and_date(fields)
    venue = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
    title = latex_to_text(fields["title"])
    if fields.get("subtitle", "").strip():  # BibLaTeX: printed as "Title. Subtitle"
        title = f"{title.rstrip('.')}. {latex_to_text(fields['subtitle'])}"
    return Record(
        title=title,
        line=line,
        abstract=latex_to_text(fields.get("abstract", "")),
        authors=authors(fields.get("author", "")),
        year=year,
        date=date,
        venue=latex_to_text(venue) if venue else None,
        doi=fields.get("doi") or None,
        arxiv_id=_arxiv(fields),
        pmid=_pmid(fields),
        links=[crude_text(u) for u in re.split(r"\s+", fields.get("url", "").strip()) if u],
        keywords=_keywords(fields.get("keywords") or fields.get("keyword") or ""),
    )


def authors(value: str) -> list[str]:
    """BibTeX names ("Last, First and First Last and ...") as "First Last" strings."""
    names = []
    for raw in split_multiple_persons_names(value) if value.strip() else []:
        if raw.strip().lower() == "others":
            continue
        try:
            parts = parse_single_name_into_parts(raw)
        except InvalidNameError:
            names.append(latex_to_text(raw))
            continue
        name = " ".join([*parts.first, *parts.von, *parts.last])
        if parts.jr:
            name += ", " + " ".join(parts.jr)
        names.append(latex_to_text(name))
    return names


def _year_and_date(fields: dict[str, str]) -> tuple[int | None, str | None]:
    date = fields.get("date", "").strip()
    match = _YEAR.search(fields.get("year", "")) or _YEAR.search(date)
    return (int(match.group(1)) if match else None), (date if _ISO_DATE.match(date) else None)


def _arxiv(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    if fields.get("eprint") and prefix == "arxiv":
        return fields["eprint"]
    return fields.get("arxiv") or fields.get("arxivid") or None


def _pmid(fields: dict[str, str]) -> str | None:
    if fields.get("eprinttype", "").lower() == "pubmed" and fields.get("eprint"):
        return fields["eprint"]
    return fields.get("pmid") or None


def _keywords(value: str) -> list[str]:
    return [latex_to_text(k) for k in map(str.strip, _KEYWORD_SPLIT.split(value)) if k]


IMPORTER = BibTeX()

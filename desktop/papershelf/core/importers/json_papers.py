"""Paper records in JSON and JSON Lines, from the APIs and crawls people save them from.

One importer reads the common shapes: arXiv metadata and daily crawls (``id``, ``title``,
``summary``/``abstract``, ``authors``, ``categories``), Semantic Scholar Graph API responses
(``{"data": [...]}``, ``citingPaper``/``citedPaper`` wrappers, ``externalIds``), OpenAlex works
(``abstract_inverted_index``, ``authorships``), Crossref works (``message``/``items``, JATS
abstracts, ``title`` lists) and scraped Hugging Face daily papers (``details.abstract``).
JSON Lines is read a line at a time and a JSON list an item at a time (see ``jsonstream``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import json_fields as fields
from papershelf.core.importers.jsonstream import JsonError, JsonStream, decode, loads
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip

_CSL_HINT = re.compile(r'"(?:container-title|issued|citation-key|DOI)"\s*:')
_STRING_TITLE = re.compile(r'"title"\s*:\s*"')
_API_HINT = re.compile(r'"(?:message|paperId|abstract_inverted_index|openalex|citingPaper)"')
# Keys whose list value holds the papers of a response object.
LIST_KEYS = {"data", "items", "results", "papers", "records", "works", "entries"}
WRAPPER_KEYS = {"message"}
PAPER_KEYS = {
    "title",
    "display_name",
    "paperId",
    "citingPaper",
    "citedPaper",
    "abstract",
    "summary",
    "abstract_inverted_index",
}


def looks_like_paper(item: Any) -> bool:
    """Whether a decoded JSON value is a paper record of some kind."""
    return isinstance(item, dict) and bool(PAPER_KEYS & item.keys())


def is_csl_item(item: Any) -> bool:
    """Whether a record is CSL-JSON (a string title, CSL names and dates), not an API record."""
    if not isinstance(item, dict) or not isinstance(item.get("title", ""), str):
        return False
    csl_keys = {"container-title", "issued", "citation-key", "author", "type"}
    return "type" in item and len(csl_keys & item.keys()) >= 2 and "paperId" not in item


def describe(value: Any) -> str:
    """What a JSON value is, in a few words, for a refusal."""
    if isinstance(value, dict):
        keys = list(value.keys())
        message = value.get("message") or value.get("error")
        if isinstance(message, str) and len(keys) <= 4:
            return f"an error message from a web service ({message[:80]!r})"
        if "nbformat" in value:
            return "a Jupyter notebook"
        if value.get("type") in {"FeatureCollection", "Feature"}:
            return "GeoJSON map data"
        if "authorId" in value:
            return "a Semantic Scholar author profile without its papers"
        if not keys:
            return "an empty JSON object"
        return "a JSON object with the keys " + ", ".join(repr(k) for k in keys[:6])
    if isinstance(value, list):
        if not value:
            return "an empty JSON list"
        return f"a JSON list of {_plural(value[0])}"
    return f"a single JSON {_plural(value)[:-1]}"


def _plural(value: Any) -> str:
    if isinstance(value, dict):
        keys = ", ".join(repr(k) for k in list(value.keys())[:5])
        return f"objects with the keys {keys}" if keys else "empty objects"
    names = {str: "strings", bool: "booleans", int: "numbers", float: "numbers", list: "lists"}
    return names.get(type(value), "nulls")


def _first_json_line(head: str) -> tuple[Any, bool] | None:
    """The first non-blank line decoded, and whether a second line starts another value."""
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    if not lines:
        return None
    try:
        first = loads(lines[0])
    except json.JSONDecodeError:
        return None
    return first, len(lines) > 1 and lines[1][:1] in "{["


def _first_item(head: str) -> Any:
    """The first paper-level item of a JSON document, if it fits in ``head``; else None."""
    stream = JsonStream(io.StringIO(head))
    try:
        for _line, item in _walk(stream, depth=0):
            return item
    except JsonError:
        return None
    return None


_JSON_START = re.compile(r"^\ufeff?\s*(?:\{|\[\s*[{\[\"\d\]-]|\[\s*(?:true|false|null)\b)")


def looks_like_json(head: str) -> bool:
    """Whether text starts a JSON document (and is not "[1]Skip to main content")."""
    return bool(_JSON_START.match(head)) and not _value_then_text(head.lstrip("\ufeff \t\r\n"))


def _value_then_text(head: str) -> bool:
    """Whether ``head`` is a whole JSON value followed by text that is not JSON, as the
    numbered links of a text browser's dump ("[1]Skip to main content [2]Search")."""
    try:
        _, end = decode(head)
    except json.JSONDecodeError:
        return False  # cut short by the head, or not JSON at all: the parser will say
    rest = head[end:].lstrip()
    return bool(rest) and rest[:1] not in "[{,"


class JsonPapers:
    """Importer for JSON and JSON Lines paper records."""

    name = "json"
    label = "JSON / JSON Lines papers (arXiv, Semantic Scholar, OpenAlex, Crossref)"

    def detect(self, head: str) -> float:
        """Certain for paper records; unsure (but taken, to refuse clearly) for other JSON."""
        text = head.lstrip("\ufeff \t\r\n")
        if text[:1] not in "[{" or _value_then_text(text):
            return 0.0
        lines = _first_json_line(text)
        if lines and isinstance(lines[0], dict) and lines[1]:
            return 0.95 if looks_like_paper(lines[0]) else 0.6
        item = _first_item(text)
        if item is None:  # the first record does not fit in the head: look at its keys
            start = text[:4096]
            csl = _CSL_HINT.search(text) and _STRING_TITLE.search(text)
            if csl and not _API_HINT.search(text):
                return 0.3
            return 0.9 if '"title"' in start or '"paperId"' in start else 0.55
        if is_csl_item(item):
            return 0.3
        return 0.9 if looks_like_paper(item) else 0.6

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each paper in the document or each line, in order."""
        if self.splits(source):
            yield from _parse_lines(source)
        else:
            yield from _parse_document(source)

    def splits(self, source: Source) -> bool:
        """Whether ``parse_share`` can read this source: JSON Lines, whose lines stand alone."""
        lines = _first_json_line(source.head.lstrip("\ufeff \t\r\n"))
        return bool(lines and isinstance(lines[0], dict) and lines[1])

    def parse_share(
        self, source: Source, share: int, shares: int, chunk_lines: int
    ) -> Iterator[tuple[int, list[Record | Skip]]]:
        """JSON Lines read by ``shares`` processes at once: this one's chunks of
        ``chunk_lines`` lines (every ``shares``-th, from chunk ``share``), each with its
        number and items, an empty chunk too, so a reader can put them back in order."""
        mine: int | None = None
        items: list[Record | Skip] = []
        for number, text in source.lines():
            chunk = (number - 1) // chunk_lines
            if chunk % shares != share:
                continue
            if chunk != mine:
                if mine is not None:
                    yield mine, items
                mine, items = chunk, []
            items.extend(_parse_line(number, text))
        if mine is not None:
            yield mine, items


def _parse_lines(source: Source) -> Iterator[Record | Skip]:
    """JSON Lines: one object a line, decoded as it is read."""
    for number, text in source.lines():
        yield from _parse_line(number, text)


def _parse_line(number: int, text: str) -> list[Record | Skip]:
    text = text.strip().lstrip("\ufeff")
    if not text:
        return []
    try:
        item = loads(text)
    except json.JSONDecodeError as exc:
        return [Skip(number, f"this line is not valid JSON ({exc.msg}).")]
    return [fields.to_record(item, number)]


def _parse_document(source: Source) -> Iterator[Record | Skip]:
    """A JSON document: its list of papers streamed, or its single paper."""
    with source.open() as handle:
        stream = JsonStream(handle)
        if stream.peek() == "\ufeff":
            stream.take()
        first = True
        try:
            for line, item in _walk(stream, depth=0):
                if first and not looks_like_paper(item) and item is not None:
                    what = describe(item if isinstance(item, dict) else [item])
                    reason = f"this JSON is {what}, not a list of papers."
                    raise ImportRefused(source.name, reason, line)
                first = False
                yield fields.to_record(item, line)
            stream.end()
        except JsonError as exc:
            yield from _broken(source, exc, first)


def _broken(source: Source, exc: JsonError, first: bool) -> Iterator[Skip]:
    """A JSON error: the cut-off last record is skipped; anything else refuses the file."""
    if exc.truncated and not first:
        yield Skip(exc.line, "the file ends in the middle of this record; it was cut off.")
        return
    what = "the file ends too early (cut off?)" if exc.truncated else exc.message
    raise ImportRefused(source.name, f"this is not valid JSON: {what}.", exc.line)


def _walk(stream: JsonStream, depth: int) -> Iterator[tuple[int, Any]]:
    """Each paper-level item: list elements, a response's paper list, or the object itself."""
    line = stream.line
    char = stream.peek()
    if char == "[":
        stream.take()
        yield from stream.array_items()
        return
    if char != "{":
        if not char:
            raise JsonError(line, "the text ends too early", truncated=True)
        raise JsonError(line, f"a JSON document starts with [ or {{, not {char!r}")
    stream.take()
    members: dict[str, Any] = {}
    found = False
    for key in stream.object_keys():
        nxt = stream.peek()
        if key in LIST_KEYS and nxt == "[" and depth < 2:
            stream.take()
            found = True
            yield from stream.array_items()
        elif key in WRAPPER_KEYS and nxt == "{" and depth < 2:
            found = True
            yield from _walk(stream, depth + 1)
        else:
            members[key] = stream.value()
    if not found:
        yield line, members


IMPORTER = JsonPapers()

"""CSL-JSON and CSL-YAML: the citation items Zotero, Better BibTeX, pandoc and manubot export.

CSL-JSON is a list of items (``title``, ``author`` with ``family``/``given`` or ``literal``,
``issued`` date-parts, ``container-title``, ``DOI``, ``URL``, ``abstract``) and is streamed an
item at a time by ``jsonstream``. CSL-YAML is the same items under ``references:``; each
top-level ``- `` item is cut out and read by PyYAML's ``safe_load`` on its own, so one broken
item becomes a Skip with its line instead of refusing the file. Titles may carry CSL rich text
(``<i>``, ``<span class="nocase">``), which ``markup`` removes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import markdown
import yaml

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import json_fields
from papershelf.core.importers.json_papers import describe, is_csl_item
from papershelf.core.importers.jsonstream import JsonError, JsonStream
from papershelf.core.importers.markup import to_text
from papershelf.core.importers.source import Source
from papershelf.core.records import Record, Skip

_YAML_ITEM = re.compile(r"^(?:references:\s*\n)?-\s+(?:id|title|type|author|citation-key):", re.M)
_YAML_START = re.compile(r"^(?:---\s*\n)?(?:#.*\n)*references:\s*$", re.M)
_JSON_TYPE = re.compile(r'"type"\s*:\s*"[a-z-]+"')
_JSON_CSL_KEY = re.compile(r'"(?:container-title|issued|citation-key|date-parts)"\s*:')
_LIST_TITLE = re.compile(r'"title"\s*:\s*\[|"message"\s*:|"paperId"\s*:')
_PANDOC_SCRIPT = re.compile(r"[~^]([^~^\s]+)[~^]")
_ARXIV_NUMBER = re.compile(r"^\d{4}\.\d{4,5}(?:v\d+)?$")


class CslImporter:
    """Importer for CSL-JSON and CSL-YAML citation items."""

    name = "csl"
    label = "CSL-JSON / CSL-YAML (Zotero, Better BibTeX)"

    def detect(self, head: str) -> float:
        """Certain for a JSON list of CSL items or a YAML ``references:`` list."""
        text = head.lstrip("\ufeff \t\r\n")
        if text.startswith("["):
            first = _first_json_item(text)
            if first is not None:
                return 0.95 if is_csl_item(first) else 0.0
            hints = _JSON_TYPE.search(text) and _JSON_CSL_KEY.search(text)
            return 0.9 if hints and not _LIST_TITLE.search(text) else 0.0
        if text.startswith("{") or "cff-version:" in text:
            return 0.0  # CITATION.cff files have references too, but are not CSL
        if _YAML_START.search(text[:2000]) or _YAML_ITEM.search(text[:2000]):
            return 0.95 if re.search(r"^\s+(?:title|type):", text, re.M) else 0.6
        return 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Every item as a Record (or a Skip when it has no title)."""
        if source.head.lstrip("\ufeff \t\r\n").startswith("["):
            yield from _parse_json(source)
        else:
            yield from _parse_yaml(source)


def _first_json_item(text: str) -> Any:
    """The first element of a JSON list in ``text``, or None if it does not fit."""
    stream = JsonStream(io.StringIO(text))
    try:
        stream.take()
        for _line, item in stream.array_items():
            return item
    except JsonError:
        return None
    return None


def _parse_json(source: Source) -> Iterator[Record | Skip]:
    """CSL-JSON: a list of items, streamed."""
    with source.open() as handle:
        stream = JsonStream(handle)
        if stream.peek() == "\ufeff":
            stream.take()
        stream.expect("[")
        first = True
        try:
            for line, item in stream.array_items():
                if first and not isinstance(item, dict):
                    reason = f"this JSON is {describe([item])}, not CSL items."
                    raise ImportRefused(source.name, reason, line)
                first = False
                yield to_record(item, line)
            stream.end()
        except JsonError as exc:
            if exc.truncated and not first:
                yield Skip(exc.line, "the file ends in the middle of this item; it was cut off.")
                return
            reason = f"this is not valid JSON: {exc.message}."
            raise ImportRefused(source.name, reason, exc.line) from None


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: ``*name`` repeats a node wherever it is named, so a few hundred
    bytes of nested aliases expand to gigabytes once turned to text (the "billion laughs").
    No CSL-YAML writer (pandoc, citeproc, Better BibTeX) uses them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "an alias (*name)", mark)
        return super().compose_node(parent, index)


def _yaml_chunks(source: Source) -> Iterator[tuple[int, str]]:
    """Each top-level ``- `` item of a CSL-YAML list, with the line it starts on."""
    start = 0
    lines: list[str] = []
    for number, text in source.lines():
        top = text[:1] not in ("", " ", "\t", "#")
        if text.startswith("- ") or text == "-" or (top and lines):
            if lines:
                yield start, "\n".join(lines)
            start, lines = number, ([text] if text.startswith("-") else [])
        elif lines:
            lines.append(text)
    if lines:
        yield start, "\n".join(lines)


def _parse_yaml(source: Source) -> Iterator[Record | Skip]:
    """CSL-YAML: each list item parsed on its own."""
    for line, chunk in _yaml_chunks(source):
        try:
            loaded = yaml.load(chunk, Loader=_NoAliasLoader)  # noqa: S506 - safe, and no aliases
        except yaml.YAMLError as exc:
            if getattr(exc, "problem", None) == "an alias (*name)":
                reason = "this item repeats another by an alias (*name), which exports never do."
            else:
                reason = "this item is not valid YAML; check its indentation and quotes."
            yield Skip(line, reason)
            continue
        # PyYAML recurses once per level of nesting, and int() refuses 4,300 digits and more.
        except (RecursionError, ValueError):
            reason = "this item is nested too deeply, or holds a number too long, to be a paper."
            yield Skip(line, reason)
            continue
        item = loaded[0] if isinstance(loaded, list) and loaded else loaded
        if isinstance(item, dict) and item.get("title"):
            item["title"] = _markdown_title(str(item["title"]))
        yield to_record(item, line)


def _markdown_title(title: str) -> str:
    """BBT writes CSL-YAML rich text as pandoc Markdown: ``**bold**``, ``*it*``, ``g~1~``."""
    if not re.search(r"[*_`~^]", title):
        return title
    # Python-Markdown does not know pandoc's ~sub~ and ^super^; they become plain text.
    title = _PANDOC_SCRIPT.sub(r"\1", title)
    return markdown.markdown(title)


def _yaml_date(value: Any) -> tuple[int | None, str | None]:
    """Year and ISO date from a CSL-YAML date: a list of {year, month, day}, a date, or text."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        first = value[0]
        parts = [first.get("year"), first.get("month"), first.get("day")]
        parts = parts[: next((i for i, p in enumerate(parts) if p is None), 3)]
        value = {"date-parts": [parts]}
    if isinstance(value, dt.date):
        return value.year, value.isoformat()
    if isinstance(value, (str, int)):
        match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value))
        return (int(match.group(1)), match.group(0)) if match else (None, None)
    if isinstance(value, dict):
        raw = value.get("raw") or value.get("literal")
        if "date-parts" not in value and raw:
            return _yaml_date(str(raw))
        return json_fields.year_and_date({"issued": value})
    return None, None


def to_record(item: Any, line: int) -> Record | Skip:
    """The Record for one CSL item."""
    if not isinstance(item, dict):
        return Skip(line, "this entry is not a CSL item (no fields in it).")
    title = to_text(str(item.get("title") or "")).strip()
    if not title:
        return Skip(line, "a CSL item without a title.")
    year, date = _yaml_date(item.get("issued"))
    number = str(item.get("number") or "")
    arxiv = number if _ARXIV_NUMBER.match(number) else None
    url = item.get("URL")
    return Record(
        title=title,
        line=line,
        abstract=to_text(str(item.get("abstract") or "")),
        authors=json_fields.authors_of({"author": item.get("author")}),
        year=year,
        date=date,
        venue=to_text(str(item.get("container-title") or "")).strip() or None,
        doi=str(item["DOI"]) if item.get("DOI") else None,
        arxiv_id=arxiv,
        pmid=str(item["PMID"]) if item.get("PMID") else None,
        links=[url] if isinstance(url, str) and url.startswith("http") else [],
        keywords=[k.strip() for k in str(item.get("keyword") or "").split(",") if k.strip()],
    )


IMPORTER = CslImporter()

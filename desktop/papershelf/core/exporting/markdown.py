"""A Markdown vault (Obsidian, Logseq): a folder with one note a paper.

Each note starts with YAML front matter written by PyYAML's safe dumper (title, authors, year,
DOI, arXiv id, tags, status, links, the citation key, and ``papershelf_id`` /
``papershelf_library``, which mark the note as this library's), then the title, the abstract
with its highlights marked ``==like this==`` (Obsidian's highlight syntax), the highlights
with their comments, and the note.

Exporting into a folder again finds the notes it wrote by those two front matter lines and
rewrites them in place, under the names they have (a note the user renamed keeps its name);
new papers get new notes, and every other file is left alone. A note whose text would not
change is not written at all, so a vault synced elsewhere does not churn. Each file is written
atomically.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from papershelf.core.exporting.atomic import (
    ExportFailed,
    cannot_write,
    remove_stale,
    write_text,
)
from papershelf.core.exporting.citekeys import CitationKeys
from papershelf.core.exporting.filenames import SUFFIX, FileNames, safe_stem

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ID = re.compile(r"^papershelf_id: (\d+)[ \t]*$", re.MULTILINE)
_LIBRARY = re.compile(r"^papershelf_library: ['\"]?([0-9A-Za-z]+)['\"]?[ \t]*$", re.MULTILINE)
HEAD_CHARS = 64 * 1024  # front matter read from each note of the folder


@dataclass(frozen=True)
class VaultReport:
    """What an export into a vault did."""

    count: int
    written: int
    unchanged: int


def write_vault(papers: Iterable[dict[str, Any]], folder: Path, library_id: str) -> VaultReport:
    """Write a note for each annotated paper (``papers.annotated``) into ``folder``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    remove_stale(folder, ".*.tmp")  # what a killed export of this vault left
    ours, names = _scan(folder, library_id)
    keys = CitationKeys()
    count = written = 0
    for paper in papers:
        key = keys.key(paper)
        known = ours.get(paper["id"])
        name = known or names.claim(safe_stem(f"{key} {paper['title']}") or key)
        text = note(paper, key, library_id)
        path = folder / name
        if known is None or _read(path) != text:
            write_text(path, text, one_of_many=True)
            written += 1
        count += 1
    return VaultReport(count, written, count - written)


def _scan(folder: Path, library_id: str) -> tuple[dict[int, str], FileNames]:
    """The notes of this library already in ``folder`` (paper id -> file name), and every
    name taken there."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise ExportFailed(
            f"{folder} cannot be read ({exc.strerror}); choose another folder with -o."
        ) from None
    ours: dict[int, str] = {}
    for entry in entries:
        if entry.name.endswith(SUFFIX) and entry.is_file():
            paper_id = _paper_of(Path(entry.path), library_id)
            if paper_id is not None:
                ours.setdefault(paper_id, entry.name)
    return ours, FileNames(e.name for e in entries)


def _paper_of(path: Path, library_id: str) -> int | None:
    """The paper a note is of, when its front matter says this library wrote it."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            head = handle.read(HEAD_CHARS).replace("\r\n", "\n")
    except OSError:
        return None  # unreadable: not a note this export can update
    front = _FRONT.match(head)
    if not front:
        return None
    found, library = _ID.search(front.group(1)), _LIBRARY.search(front.group(1))
    if found and library and library.group(1) == library_id:
        return int(found.group(1))
    return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def front_matter(paper: dict[str, Any], key: str, library_id: str) -> dict[str, Any]:
    """The note's properties; empty ones left out."""
    values: dict[str, Any] = {
        "title": paper["title"],
        "authors": paper.get("authors") or None,
        "year": paper.get("year"),
        "date": paper.get("date"),
        "venue": paper.get("venue"),
        "doi": paper.get("doi"),
        "arxiv": paper.get("arxiv_id"),
        "pmid": paper.get("pmid"),
        "tags": [obsidian_tag(t) for t in paper.get("tags") or []] or None,
        "status": paper.get("status"),
        "links": paper.get("links") or None,
        "added": paper.get("added"),
        "citekey": key,
    }
    kept = {name: value for name, value in values.items() if value is not None}
    return {**kept, "papershelf_id": paper["id"], "papershelf_library": library_id}


def obsidian_tag(tag: str) -> str:
    """A tag as Obsidian takes one: no spaces ("long context" -> "long-context")."""
    return "-".join(tag.replace("#", "").split())


def note(paper: dict[str, Any], key: str, library_id: str) -> str:
    """The whole text of a paper's note."""
    properties = yaml.safe_dump(
        front_matter(paper, key, library_id), allow_unicode=True, sort_keys=False, width=4096
    )
    parts = [f"---\n{properties}---", f"# {paper['title']}"]
    marks = paper.get("highlights") or []
    if paper.get("abstract"):
        parts += ["## Abstract", marked(paper["abstract"], marks)]
    if marks:
        parts += ["## Highlights", "\n".join(_listed(mark) for mark in marks)]
    if (paper.get("note") or "").strip():
        parts += ["## Note", paper["note"].strip()]
    return "\n\n".join(parts) + "\n"


def marked(text: str, marks: list[dict[str, Any]]) -> str:
    """The abstract with its highlights (those still in place) between ``==``."""
    spans = sorted(
        (m["start"], m["stop"])
        for m in marks
        if m["field"] == "abstract" and not m["lost"] and text[m["start"] : m["stop"]] == m["quote"]
    )
    merged: list[list[int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    out, at = [], 0
    for start, stop in merged:
        out += [text[at:start], _highlighted(text[start:stop])]
        at = stop
    return "".join([*out, text[at:]])


def _highlighted(span: str) -> str:
    """``==span==``, once in each paragraph it covers (a mark cannot cross a blank line), with
    the spaces at its ends outside the marks (Obsidian would not show it otherwise)."""
    pieces = []
    for piece in span.split("\n\n"):
        core = piece.strip()
        lead, tail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
        pieces.append(f"{lead}=={core}=={tail}" if core else piece)
    return "\n\n".join(pieces)


def _listed(mark: dict[str, Any]) -> str:
    quote = " ".join(mark["quote"].split())
    where = " (in the title)" if mark["field"] == "title" else ""
    line = (
        f"- “{quote}”{where} (no longer in the text)" if mark["lost"] else f"- =={quote}=={where}"
    )
    return f"{line} — {mark['comment']}" if mark.get("comment") else line

"""Papershelf's own JSON export (``papershelf export --format json``), imported whole.

Its papers are merged like any import's; the importer's ``restore`` then puts back what the
export holds beside them (tags, notes, highlights, read status and its history, edited fields,
trash state: ``exporting.restore``) and its saved searches, within the same batch. The
document is streamed with ``jsonstream``, a paper at a time, once to merge and once to
restore. Detection is certain: the document says what it is in its first key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papershelf.core.errors import ImportRefused
from papershelf.core.exporting.lossless import (
    MARK,
    VERSION,
    Exported,
    ExportedSearch,
    read_paper,
    read_saved_search,
)
from papershelf.core.exporting.restore import restore, restore_saved
from papershelf.core.importers.jsonstream import JsonError, JsonStream
from papershelf.core.importers.source import Source
from papershelf.core.journal import Journal
from papershelf.core.library import Library
from papershelf.core.records import Record, Skip

_SIGNATURE = re.compile(rf'^\ufeff?\s*\{{\s*"{MARK}"\s*:\s*\d')


class PapershelfJson:
    """Importer for Papershelf's lossless JSON export."""

    name = "papershelf-json"
    label = "Papershelf export (JSON)"

    def detect(self, head: str) -> float:
        """1.0, a format's own signature, for a document whose first key is
        ``papershelf_export``; 0 otherwise."""
        return 1.0 if _SIGNATURE.match(head) else 0.0

    def parse(self, source: Source) -> Iterator[Record | Skip]:
        """Each exported paper as a Record (or a Skip saying what is wrong with it)."""
        for item in read_export(source):
            if not isinstance(item, ExportedSearch):
                yield item.record if isinstance(item, Exported) else item

    def restore(
        self, library: Library, journal: Journal, source: Source, batch_id: int
    ) -> set[int]:
        """Put the export's tags, notes, highlights and reading history on the papers the
        batch made or matched, and add its saved searches (inside the import); the ids of the
        papers changed."""
        searches: list[ExportedSearch] = []

        def papers() -> Iterator[Exported]:
            for item in read_export(source):
                if isinstance(item, Exported):
                    yield item
                elif isinstance(item, ExportedSearch):
                    searches.append(item)

        changed = restore(library, journal, papers(), batch_id)
        restore_saved(journal, searches)
        return changed


def read_export(source: Source) -> Iterator[Exported | ExportedSearch | Skip]:
    """Every paper of the export, then its saved searches, checked, in order; refuses a
    document that is not one."""
    with source.open() as handle:
        stream = JsonStream(handle)
        started = False
        try:
            if stream.peek() == "\ufeff":
                stream.take()
            stream.expect("{")
            for number, key in enumerate(stream.object_keys()):
                if number == 0 and key != MARK:
                    raise ImportRefused(
                        source.name, f"this JSON is not a Papershelf export (no {MARK!r} first).", 1
                    )
                if key == MARK:
                    _check_version(source, stream.value())
                elif key == "papers":
                    stream.expect("[")
                    for line, item in stream.array_items():
                        started = True
                        yield read_paper(item, line)
                elif key == "saved_searches":
                    stream.expect("[")
                    for line, item in stream.array_items():
                        yield read_saved_search(item, line)
                else:
                    stream.value()
            stream.end()
        except JsonError as exc:
            if exc.truncated and started:
                yield Skip(exc.line, "the file ends in the middle of this paper; it was cut off.")
                return
            what = "the file ends too early (cut off?)" if exc.truncated else exc.message
            raise ImportRefused(source.name, f"this is not valid JSON: {what}.", exc.line) from None
        except RecursionError:
            raise ImportRefused(
                source.name, "this JSON is nested too deeply to be an export."
            ) from None


def _check_version(source: Source, version: object) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused(
            source.name, f"{MARK!r} should be a version number, not {repr(version)[:40]}.", 1
        )
    if version > VERSION:
        raise ImportRefused(
            source.name,
            f"this export was made by a newer Papershelf (format {version}); update Papershelf "
            "to import it.",
            1,
        )


IMPORTER = PapershelfJson()

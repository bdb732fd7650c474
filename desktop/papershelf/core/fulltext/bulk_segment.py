"""Writing a new Whoosh segment in one go: the bulk indexing path, about 4x Whoosh's own.

Whoosh's ``SegmentWriter`` turns every posting into a tuple, sorts them all in a pool, then
feeds them one at a time through three layers of writer objects, each checking types; on the
75k-paper arXiv corpus that per-posting Python was most of a two-minute build. This writer keeps
Whoosh's segment, per-document writer, table of contents and on-disk format, and replaces only
the postings path: each document's words are counted in one pass (the analyzer's ``terms``),
postings collect per term in memory, and each term's posting list is written out block by
block with the statistics computed over whole lists. The segment holds what ``PaperCodec``'s
writer (Whoosh's W3 codec with ``write_block``'s layout) writes for the same documents
(``tests/test_bulk_segment.py`` compares them through Whoosh's own reader), so searching,
merging and updates work on them unchanged.

It knows the fields Papershelf uses: ``TEXT`` with a ``PaperAnalyzer`` and ``PaperPositions``,
and any other indexed field through Whoosh's ``field.index`` (the paper id).
"""

from __future__ import annotations

import struct
from collections import Counter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from papershelf.core.fulltext.tuning import (
    PaperAnalyzer,
    PaperCodec,
    PaperPositions,
    pack_positions,
    write_block,
)

# A term found once in a document (most are): its encoded position, made once per position.
_SINGLE = [pack_positions([pos]) for pos in range(2048)]
_WEIGHTS = [float(n) for n in range(64)]  # shared weight objects, as for the positions


class BulkSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` for new documents only, with a fast postings path (see above)."""

    def __init__(self, ix: Any, counted: str | None = None, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        # the words as written of field ``counted``, in how many documents (core.vocabulary)
        self.counted = counted
        self.vocabulary: Counter[str] = Counter()
        if not isinstance(self.codec, PaperCodec):
            raise TypeError("the bulk writer writes PaperCodec's block layout")
        for name in self.schema.names():
            field = self.schema[name]
            if getattr(field, "vector", None) or getattr(field, "spelling", False):
                # Whoosh writes these beside the postings; this writer never does
                raise TypeError(
                    f"the bulk writer writes no term vectors or spelling words (field {name!r});"
                    " index such a schema with Whoosh's own writer"
                )
        self.merge = False  # a commit writes this segment only (see add_reader)
        self._names = sorted(self.schema.names())
        self._fast = {
            name
            for name in self._names
            if isinstance(self.schema[name].analyzer, PaperAnalyzer)
            and isinstance(self.schema[name].format, PaperPositions)
        }
        # field -> term -> [docnum, weight, encoded positions, docnum, ...], docnums ascending;
        # one flat list per term, sliced apart when written (a tuple per posting took four
        # times the memory)
        self._postings: dict[str, dict[str, list]] = {n: {} for n in self._names}
        # field -> every document's length (for the posting blocks' length statistics)
        self._lengths: dict[str, list[int]] = {n: [] for n in self._names}

    def add_reader(self, reader: Any) -> None:
        """Merging goes through Whoosh's posting pool, which this writer does not read."""
        raise TypeError("the bulk writer adds new documents only; merge with Whoosh's writer")

    def add_document(self, **fields: Any) -> None:
        """Add one new document (no ``_stored_`` or boost keywords)."""
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name in self._names:
            value = fields.get(name)
            field = self.schema[name]
            length = 0
            if value is not None and field.indexed:
                postings = self._postings[name]
                if name in self._fast:
                    counts = self.vocabulary if name == self.counted else None
                    terms = field.analyzer.terms(value, counts)
                    length = self._add_text(postings, docnum, terms)
                else:
                    for term, freq, weight, vbytes in field.index(value):
                        postings.setdefault(term.decode("utf-8"), []).extend(
                            (docnum, weight, vbytes)
                        )
                        length += freq if field.scorable else 0
            self._lengths[name].append(length)
            if value is None:
                continue
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    @staticmethod
    def _add_text(postings: dict[str, list], docnum: int, terms: list[str]) -> int:
        where: dict[str, list[int]] = {}
        for position, term in enumerate(terms):
            where.setdefault(term, []).append(position)
        for term, poslist in where.items():
            if len(poslist) == 1 and poslist[0] < 2048:
                posting = (docnum, 1.0, _SINGLE[poslist[0]])
            else:
                count = len(poslist)
                weight = _WEIGHTS[count] if count < 64 else float(count)
                posting = (docnum, weight, pack_positions(poslist))
            listed = postings.get(term)
            if listed is None:
                postings[term] = list(posting)
            else:
                listed.extend(posting)
        return len(terms)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        codec = self.codec
        for name in self._names:
            terms = self._postings[name]
            if not terms:
                continue
            field = self.schema[name]
            writer.start_field(name, field)
            fixed = field.format.fixed_value_size()
            prefix = writer._fieldid.to_bytes(2, "big")
            lengths = self._lengths[name]
            postfile = writer._postfile
            entries = []
            for term in sorted(terms):
                postings = terms[term]
                if len(postings) == 3:  # one paper: most terms
                    info = _single_info(postings, lengths)
                else:
                    info = _write_postings(
                        postfile, postings, lengths, fixed, codec._blocklimit, codec._inlinelimit
                    )
                entries.append((prefix + term.encode("utf-8"), info))
                if len(entries) >= 4096:
                    _add_terms(writer._tindex, entries)
                    entries = []
            _add_terms(writer._tindex, entries)
            writer.finish_field()
        self._postings.clear()
        writer.close()


# W3TermInfo.to_bytes: flags, total weight, documents, min and max length (as bytes), max
# weight, first and last document; then the inlined postings pickled, or where they are.
_TERM_INFO = struct.Struct("!BfIBBfII")
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # filetables.HashWriter's entry header


def _single_info(posting: list, lengths: list[int]) -> bytes:
    """The term table entry of a term found in one paper (inlined, as PaperCodec does)."""
    docnum, weight, value = posting
    length = lengths[docnum]
    low = length_to_byte(length) if length else 0
    high = length_to_byte(length)
    return _TERM_INFO.pack(1, weight, 1, low, high, weight, docnum, docnum) + dumps(
        ((docnum,), (weight,), (value,)), 2
    )


def _add_terms(table: Any, entries: list[tuple[bytes, bytes]]) -> None:
    """``OrderedHashWriter.add`` for a field's terms at once: the same entries, positions and
    hashes, one write instead of three per term."""
    if not entries:
        return
    if entries[0][0] <= table.lastkey:
        raise ValueError("terms must be added in order")
    position = table.dbfile.tell()
    hashed = table.hashfn
    buckets = table.buckets
    chunks = []
    for key, value in entries:
        table.index.append(position)
        code = hashed(key)
        buckets[code & 255].append((code, position))
        chunks.append(_KEY_VALUE_LENGTHS.pack(len(key), len(value)))
        chunks.append(key)
        chunks.append(value)
        position += _KEY_VALUE_LENGTHS.size + len(key) + len(value)
    table.dbfile.write(b"".join(chunks))
    table.lastkey = entries[-1][0]


def _write_postings(
    postfile: Any,
    postings: list,
    lengths: list[int],
    fixed: int | None,
    blocklimit: int,
    inlinelimit: int,
) -> bytes:
    """Write one term's posting list as W3 blocks, or inline a short one; returns its term
    table entry (``W3TermInfo.to_bytes``)."""
    all_ids, all_weights, all_values = postings[0::3], postings[1::3], postings[2::3]
    count = len(all_ids)
    doc_lengths = [length for length in map(lengths.__getitem__, all_ids) if length]
    head = _TERM_INFO.pack(
        count < inlinelimit,
        sum(all_weights),
        count,
        length_to_byte(min(doc_lengths)) if doc_lengths else 0,
        length_to_byte(max(doc_lengths)) if doc_lengths else 0,
        max(all_weights),
        all_ids[0],
        all_ids[-1],
    )
    if count < inlinelimit:  # what PaperCodec's postings writer inlines
        return head + dumps((tuple(all_ids), tuple(all_weights), tuple(all_values)), 2)
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    for offset in range(0, count, blocklimit):
        end = offset + blocklimit
        ids = all_ids[offset:end]
        block_lengths = [length for length in map(lengths.__getitem__, ids) if length]
        write_block(
            postfile,
            ids,
            all_weights[offset:end],
            all_values[offset:end],
            fixed,
            (min(block_lengths), max(block_lengths)) if block_lengths else (None, 0),
            end >= count,
        )
    return head + pack_long(start) + pack_int(postfile.tell() - start)

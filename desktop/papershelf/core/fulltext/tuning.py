"""Changes to how Whoosh does its work, measured on the 75k-paper arXiv corpus.

``PaperAnalyzer`` does what ``StemmingAnalyzer`` does (Whoosh's word pattern, lower case, its
stop list, stems, positions) in one loop with a stem cache, instead of a chain of four
generators: about 1.5x faster analysis. The stems are Snowball English (Porter2, through
PyStemmer's compiled Snowball: about 1 us a word against 9 us for ``whoosh.lang.porter2``):
Whoosh's old Porter stemmer gave "specializ" for "specializing" but "special" for
"specialization", so neither found the other.

``PaperCodec`` is Whoosh's W3 codec without block compression, with short posting lists
inlined, blocks laid out as arrays (``write_block``), and field lengths read once per segment
into a table: while a segment is written, Whoosh asks for a document's field length once per
posting, through a column reader each time, which was a third of commit time.

Writers also pass ``compound=False``: a compound segment file is read into memory on open
(about 250 MB for 75k papers), separate files are not.

Both are pickled into the index's table of contents by class name, so they must stay
importable from this module.
"""

from __future__ import annotations

import re
import struct
import threading
from array import array
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate
from pickle import dumps
from typing import Any

import Stemmer
from whoosh.analysis import STOP_WORDS, Composable, Token
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3PerDocReader,
    W3PostingsWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_int
from whoosh.util.numeric import byte_to_length, length_to_byte

from papershelf.core.vocabulary import count_words

# Whoosh's default tokenizer pattern, \w+(?:\.?\w+)*, written without its redundant optional
# dot: the same words (tests/test_hits.py checks), found a quarter faster.
WORD = re.compile(r"\w+(?:\.\w+)*")
_STOP = frozenset(STOP_WORDS)
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
_STEMMERS = threading.local()  # a PyStemmer object must not be shared between threads


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word."""
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


class PaperAnalyzer(Composable):
    """Tokenise, lower-case, drop stop words and stem in one pass (see the module docstring).

    ``PaperAnalyzer(stem=False, stop=False)`` is ``StandardAnalyzer(stoplist=None)``: words
    lower-cased and nothing else, for author names.
    """

    def __init__(self, stem: bool = True, stop: bool = True) -> None:
        self.stem = stem
        self.stop = stop
        self._terms: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"stem": self.stem, "stop": self.stop}  # the cache is not part of the schema

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.stem = state.get("stem", True)
        self.stop = state.get("stop", True)
        self._terms = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PaperAnalyzer) and (self.stem, self.stop) == (
            other.stem,
            other.stop,
        )

    def __hash__(self) -> int:
        return hash((PaperAnalyzer, self.stem, self.stop))

    def term(self, word: str) -> str:
        """The indexed term for one word as written ("" for a stop word), cached."""
        term = self._terms.get(word)
        if term is None:
            lower = word.lower()
            if self.stop and (len(lower) < 2 or lower in _STOP):
                term = ""
            else:
                term = stem(lower) if self.stem else lower
            if len(self._terms) > 200_000:
                self._terms.clear()
            self._terms[word] = term
        return term

    def terms(self, value: str, counts: Counter[str] | None = None) -> list[str]:
        """The terms of ``value`` in order (a term's index is its position): the bulk writer's
        fast path, the same terms ``__call__`` yields, looked up with C-level ``map``. With
        ``counts``, the words as written are counted into it too (``core.vocabulary``)."""
        words = WORD.findall(value)
        if counts is not None:
            count_words(counts, words)
        terms = list(map(self._terms.get, words))
        if None in terms:
            terms = [self.term(word) for word in words]
        return list(filter(None, terms))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in WORD.finditer(value):
            word = match.group()
            term = self.term(word)
            if not term:
                continue
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word.lower()
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def column_bytes(column: Any) -> bytes:
    """A fixed-width numeric column's bytes (big-endian, one value per document up to the
    last one that has a value), read in one go: iterating the column reader took 170 ms for
    75k papers. Empty for no column."""
    if column is None:
        return b""
    return column._dbfile.get(column._basepos, column._count * column._fixedlen)


class _TabledLengths(W3PerDocReader):
    """Per-document reader that answers field lengths from a table read once per field."""

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        tables = self.__dict__.setdefault("_length_tables", {})
        table = tables.get(fieldname)
        if table is None:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = tables[fieldname] = column_bytes(reader)
        if docnum >= len(table):
            return default
        byte = table[docnum]
        return _LENGTH_OF_BYTE[byte] if byte else default


def pack_positions(poslist: list[int]) -> bytes:
    """``PaperPositions``' encoding: each position as a little-endian uint32."""
    return struct.pack(f"<{len(poslist)}I", *poslist)


class PaperPositions(Positions):
    """Whoosh's ``Positions`` format with positions as little-endian 32-bit integers.

    Whoosh pickles a list of gaps for every posting; this packs the positions themselves, so a
    block's values (``PackedValues``) are one array of positions that ``fulltext.ranking`` reads
    with numpy to check phrases for thousands of papers at once. A third of the size, too.
    """

    def encode(self, poslist: list[int]) -> bytes:
        return pack_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(valuestring) // 4}I", valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def paper_text(analyzer: PaperAnalyzer) -> TEXT:
    """A ``TEXT`` field with ``analyzer`` and ``PaperPositions``."""
    field = TEXT(analyzer=analyzer)
    field.format = PaperPositions(field_boost=field.format.field_boost)
    return field


class PackedValues:
    """A block's posting values (encoded positions) as one bytes object and end offsets.

    Whoosh pickles a block's values as a tuple of bytes: unpickling a block made 128 objects,
    which was most of the cost of reading a posting list. This unpickles in two steps and
    slices a value out only when asked (Whoosh's matchers index ``values[i]``).
    """

    __slots__ = ("blob", "ends")

    def __init__(self, blob: bytes, ends: array) -> None:
        self.blob = blob
        self.ends = ends

    @classmethod
    def of(cls, values: list[bytes]) -> PackedValues:
        return cls(b"".join(values), array("I", accumulate(map(len, values))))

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.ends[i - 1] if i else 0 : self.ends[i]]

    def __len__(self) -> int:
        return len(self.ends)

    def __reduce__(self) -> tuple:
        return (PackedValues, (self.blob, self.ends))


def write_block(
    postfile: Any,
    ids: list[int],
    weights: list[float],
    values: list[bytes],
    fixed: int | None,
    lengths: tuple[int | None, int],
    last: bool,
) -> None:
    """One W3 posting block: its size (negative for a term's last), the header Whoosh's
    reader skips by (count, last id, max weight, compression, min and max field length as
    bytes), then the gaps between ids, weights and values as W3 lays them out, but in arrays
    (pickled as raw bytes) rather than tuples."""
    gaps = array("I", [ids[0]])
    gaps.extend([b - a for a, b in zip(ids, ids[1:], strict=False)])
    first = weights[0]
    if all(w == first for w in weights):
        mini_weights: Any = None if first == 1.0 else first
    else:
        mini_weights = array("f", weights)
    if fixed is None or fixed < 0:
        packed: Any = PackedValues.of(values)
    elif fixed == 0:
        packed = None
    else:
        packed = b"".join(values)
    data = dumps((gaps, mini_weights, packed), 4)
    shortest, longest = lengths
    info = dumps(
        (len(ids), ids[-1], max(weights), 0, length_to_byte(shortest), length_to_byte(longest)),
        2,
    )
    size = len(info) + len(data)
    postfile.write(pack_int(-size if last else size))
    postfile.write(info)
    postfile.write(data)


class _PostingsWriter(W3PostingsWriter):
    """W3's postings writer with ``write_block``'s layout, and its inlining path mended.

    whoosh-reloaded 2.7.5 calls ``terminfo.set_inline``, a method ``W3TermInfo`` does not have
    (it is ``set_inlined``), and drops empty values (the paper-id field has only those), so an
    inlined list had fewer values than postings: its matcher then gave ``''`` for a value and
    merging segments failed on it. Empty values are kept here, one per posting.
    """

    _terminfo: W3TermInfo | None  # the term being written: set by start_postings, then None

    def add_posting(
        self, id_: Any, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        super().add_posting(id_, weight, vbytes, length)
        if not vbytes:
            self._values.append(vbytes)

    def _write_block(self, last: bool = False) -> None:
        if self._byteids or self._compression:
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        assert self._terminfo is not None  # a block is only written inside a term
        self._terminfo.add_block(self)
        write_block(
            self._postfile,
            self._ids,
            self._weights,
            self._values,
            self._format.fixed_value_size(),
            (self._minlength, self._maxlength),
            last,
        )
        self._blockcount += 1
        self._new_block()

    def finish_postings(self) -> W3TermInfo:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        assert terminfo is not None  # as in _write_block: postings end only inside a term
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class PaperCodec(W3Codec):
    """Whoosh's W3 codec without block compression, with short posting lists inlined into
    the term table, and with tabled field lengths.

    Most terms of a segment occur in one or two papers. Written as blocks, each cost a header,
    two pickles and a zlib call (zlib alone has about 50 us of set-up per call here), and on
    reading a seek into the postings file; inlined, they are one pickle in the term's entry.
    """

    INLINE_LIMIT = 8

    def __init__(self) -> None:
        super().__init__(blocklimit=128, compression=0, inlinelimit=self.INLINE_LIMIT)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _TabledLengths(storage, segment)

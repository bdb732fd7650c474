"""An input to import: a file, standard input or pasted text, decoded whatever its encoding.

The encoding is chosen from the first megabyte (a BOM, UTF-8, or charset-normalizer's best
guess for Latin-1, Windows-1252 and friends), then the file is read as a stream, so a 200 MB
export never sits in memory whole. Folders, missing, empty and binary files are refused here
with one sentence, before the library is touched.
"""

from __future__ import annotations

import codecs
import io
import shutil
import stat
import tempfile
import weakref
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO

import charset_normalizer

from papershelf.core.errors import ImportRefused

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

HEAD_CHARS = 64 * 1024
SNIFF_BYTES = 1024 * 1024
# No format of papers has a line this long (an abstract is at most 100,000 characters); a file
# that does is a dump without line breaks, refused before its line is held in memory whole.
MAX_LINE = 4 * 1024 * 1024
MAX_WHOLE = 64 * 1024 * 1024  # characters a format read whole (HTML) may hold
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Source:
    """Decoded text to import, from memory or a file, with the name used in messages."""

    def __init__(
        self,
        name: str,
        *,
        text: str | None = None,
        path: Path | None = None,
        encoding: str = "utf-8",
        size: int = 0,
    ):
        self.name = name
        self.encoding = encoding
        self.size = size
        self.position = 0  # bytes read so far by the latest stream, for progress
        self._text = text
        self._path = path

    @property
    def path(self) -> Path | None:
        """The file this source streams, if it is one."""
        return self._path

    @classmethod
    def from_text(cls, text: str, name: str = "pasted text") -> Source:
        """A source from text already in memory (the clipboard, a test)."""
        text = text.replace("\x00", "")
        if not text.strip():
            raise ImportRefused(name, "there is no text to import.")
        return cls(name, text=text, size=len(text.encode("utf-8", errors="replace")))

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> Source:
        """A source from raw bytes (standard input), decoded."""
        encoding = sniff_encoding(data[:SNIFF_BYTES], name)
        return cls.from_text(data.decode(encoding, errors="replace"), name)

    @classmethod
    def from_stream(cls, stream: BinaryIO, name: str = "standard input") -> Source:
        """A source from a stream read once (standard input): its first megabyte decides the
        encoding, refusing binary data before the rest is read, and the rest is spooled to a
        temporary file (removed with the source), so memory stays bounded however much comes.
        """
        sample = stream.read(SNIFF_BYTES)
        encoding = sniff_encoding(sample, name)
        with tempfile.NamedTemporaryFile(prefix="papershelf-input-", delete=False) as spool:
            spool_path = Path(spool.name)
            try:
                spool.write(sample)
                shutil.copyfileobj(stream, spool, 1024 * 1024)
            except BaseException:
                spool_path.unlink(missing_ok=True)
                raise
        source = cls(name, path=spool_path, encoding=encoding, size=spool_path.stat().st_size)
        weakref.finalize(source, spool_path.unlink, missing_ok=True)
        return source

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        """A source streaming a file; refuses folders, missing, unreadable, empty, binary files."""
        path = Path(path)
        name = str(path)
        try:
            mode = path.stat().st_mode
            if stat.S_ISDIR(mode):
                raise ImportRefused(name, "this is a folder; give the file to import instead.")
            if not stat.S_ISREG(mode):
                # A FIFO or a device would block or never end, and is read several times.
                reason = (
                    f"this is {_kind(mode)}, not a regular file; save its papers to a file, "
                    "or pipe them to `papershelf import -`."
                )
                raise ImportRefused(name, reason)
            with path.open("rb") as handle:
                sample = handle.read(SNIFF_BYTES)
            size = path.stat().st_size
        except FileNotFoundError:
            raise ImportRefused(name, "no such file; check the name and path.") from None
        except OSError as exc:
            raise ImportRefused(name, f"cannot be read ({exc.strerror}).") from None
        source = cls(name, path=path, encoding=sniff_encoding(sample, name), size=size)
        if not source.head.strip():
            raise ImportRefused(name, "the file is empty; there is nothing to import.")
        return source

    def open(self) -> TextIO:
        """A fresh text stream over the whole input; universal newlines; counts bytes read."""
        self.position = 0
        if self._text is not None:
            raw: io.RawIOBase | io.BytesIO = io.BytesIO(
                self._text.encode("utf-8", errors="replace")
            )
            encoding = "utf-8"
        else:
            assert self._path is not None
            raw = self._path.open("rb", buffering=0)
            encoding = self.encoding
        counted = io.BufferedReader(_Counting(raw, self), buffer_size=256 * 1024)
        return io.TextIOWrapper(counted, encoding=encoding, errors="replace", newline=None)

    @cached_property
    def head(self) -> str:
        """The beginning of the text, which detection looks at."""
        if self._text is not None:
            return self._text[:HEAD_CHARS]
        with self.open() as stream:
            return stream.read(HEAD_CHARS)

    def read(self) -> str:
        """The whole text, for formats whose parser needs it at once (a saved web page).

        Memory is bounded by ``MAX_WHOLE``: a longer text raises ImportRefused.
        """
        if self._text is not None:
            text = self._text
        else:
            with self.open() as stream:
                text = stream.read(MAX_WHOLE + 1)
        if len(text) > MAX_WHOLE:
            raise ImportRefused(
                self.name,
                f"it is longer than {MAX_WHOLE:,} characters, which no saved page of papers "
                "is; check that this is the right file.",
            )
        return text

    def lines(self) -> Iterator[tuple[int, str]]:
        """Each line with its 1-based number, without its line ending.

        Memory is bounded by ``MAX_LINE``: a longer line raises ImportRefused naming it.
        """
        with self.open() as stream:
            number = 0
            while line := stream.readline(MAX_LINE + 1):
                number += 1
                if len(line) > MAX_LINE:
                    reason = (
                        f"it is longer than {MAX_LINE:,} characters, which no file of papers "
                        "has; check that this is the right file."
                    )
                    raise ImportRefused(self.name, reason, line=number)
                yield number, line.rstrip("\n")


class _Counting(io.RawIOBase):
    """A raw stream that tells its Source how many bytes have been read."""

    def __init__(self, raw: io.RawIOBase | io.BytesIO, source: Source):
        self._raw = raw
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        count = self._raw.readinto(buffer) or 0
        self._source.position += count
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def sniff_encoding(sample: bytes, name: str) -> str:
    """The encoding of a file from its first bytes; refuses empty and binary data."""
    if not sample.strip():
        raise ImportRefused(name, "the file is empty; there is nothing to import.")
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" in sample:
        utf16 = _bomless_utf16(sample)
        if utf16 is None:
            _refuse_binary(name)
        return utf16
    try:
        # The sample may end inside a multi-byte character: decode it incrementally.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches or _control_ratio(str(matches[0])[:HEAD_CHARS]) > 0.05:
        _refuse_binary(name)
    return _prefer_western(matches)


# Exports that are not UTF-8 are overwhelmingly Windows-1252 or Latin-1; on short Western
# text charset-normalizer ranks look-alikes (Baltic cp1257, cp1250) first at the same mess.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _prefer_western(matches: list) -> str:
    best = matches[0]
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.02:
            return match.encoding
    return best.encoding


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: NULs in (nearly) every other byte of text that then decodes."""
    even, odd = sample[0::2], sample[1::2]
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros and zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            except UnicodeDecodeError:
                continue
            if _control_ratio(text[:HEAD_CHARS]) < 0.05:
                return encoding
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 1.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(text)


def _refuse_binary(name: str) -> NoReturn:
    raise ImportRefused(
        name, "this is a binary file, not a text export of papers; export it as text and try again."
    )


def _kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is, in words."""
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"

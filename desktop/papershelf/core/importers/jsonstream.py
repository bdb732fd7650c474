"""Reading the items of a big JSON document one at a time, with the line each starts on.

The standard ``json`` module decodes a document whole; ijson is not a dependency. A paper
export is nearly always a list of records, either at the top (``[...]``) or under a key
(``{"data": [...]}``, ``{"message": {"items": [...]}}``). ``JsonStream`` walks just those outer
containers by hand and hands each item to ``json.JSONDecoder.raw_decode``, refilling its buffer
from the file as needed, so memory holds one record, not the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
CHUNK = 1 << 20


def decode(text: str, pos: int = 0) -> tuple[Any, int]:
    """``json.JSONDecoder.raw_decode``, failing only with ``json.JSONDecodeError``.

    The standard decoder also raises ``RecursionError`` on arrays nested a thousand deep and a
    plain ``ValueError`` on an integer of more than 4,300 digits (Python's limit on converting
    digits to ``int``); both are bad input here, said as such.
    """
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to be an export", text, pos) from None
    except ValueError as exc:  # the digit limit is the only other ValueError it raises
        if "digits" not in str(exc):
            raise
        raise json.JSONDecodeError("a number has too many digits", text, pos) from None


def loads(text: str) -> Any:
    """``json.loads`` failing only with ``json.JSONDecodeError`` (see ``decode``)."""
    value, end = decode(text, _WS.match(text).end())  # type: ignore[union-attr]
    if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
        raise json.JSONDecodeError("Extra data", text, end)
    return value


class JsonError(Exception):
    """The JSON text is broken at ``line``; ``truncated`` when it simply stops."""

    def __init__(self, line: int, message: str, truncated: bool = False):
        super().__init__(message)
        self.line = line
        self.message = message
        self.truncated = truncated


class JsonStream:
    """Consecutive JSON tokens and values from a text stream, with line numbers."""

    def __init__(self, handle: TextIO, chunk: int = CHUNK):
        self.handle = handle
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def _fill(self, size: int | None = None) -> bool:
        """Read more text into the buffer, dropping what was consumed; False at the end."""
        if self.eof:
            return False
        data = self.handle.read(max(size or 0, self.chunk))
        if not data:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def _advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def peek(self) -> str:
        """The next non-blank character without consuming it; '' at the end."""
        while True:
            self._advance(_WS.match(self.buf, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def take(self) -> str:
        """The next non-blank character, consumed; '' at the end."""
        char = self.peek()
        if char:
            self._advance(self.pos + 1)
        return char

    def value(self) -> Any:
        """The next complete JSON value, decoded."""
        self.peek()
        while True:
            try:
                value, end = decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                near_end = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated")
                if near_end and self._fill(len(self.buf)):  # grow geometrically: one big value
                    continue
                raise self._error(exc) from None
            if end >= len(self.buf) and self._fill():
                continue  # a number or literal at the buffer's end may go on
            self._advance(end)
            return value

    def _error(self, exc: json.JSONDecodeError) -> JsonError:
        line = self.line + self.buf.count("\n", self.pos, exc.pos)
        rest = self.buf[exc.pos :].strip()
        truncated = exc.msg.startswith("Unterminated") or not rest
        return JsonError(line, exc.msg, truncated)

    def expect(self, allowed: str) -> str:
        """Consume one of the ``allowed`` characters, or fail saying what was found."""
        line = self.line
        char = self.take()
        if char and char in allowed:
            return char
        if not char:
            raise JsonError(self.line, "the text ends too early", truncated=True)
        wanted = " or ".join(repr(c) for c in allowed)
        raise JsonError(line, f"expected {wanted} but found {char!r}")

    def array_items(self) -> Iterator[tuple[int, Any]]:
        """After the opening ``[``: each element with the line it starts on."""
        if self.peek() == "]":
            self.take()
            return
        while True:
            self.peek()
            yield self.line, self.value()
            if self.expect(",]") == "]":
                return

    def object_keys(self) -> Iterator[str]:
        """After the opening ``{``: each key; the caller must consume its value before the next."""
        if self.peek() == "}":
            self.take()
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise JsonError(self.line, "an object key must be a string")
            self.expect(":")
            yield key
            if self.expect(",}") == "}":
                return

    def end(self) -> None:
        """Check nothing but blanks follows the document."""
        line = self.line
        char = self.peek()
        if char:
            raise JsonError(line, f"unexpected text {char!r} after the end of the JSON document")

"""Inputs made from a random generator: mutated real fixtures, random bytes and text, huge
fields, deep nesting and long digit runs.

Every function takes a ``random.Random`` (or Hypothesis' ``st.randoms()``, which shrinks), so
one input is a pure function of its generator: the long run (``run.py``) seeds one per input
and can make any input again from the seed and its number.
"""

from __future__ import annotations

import random
from collections.abc import Callable

# Bytes and strings that open, close or escape something in one of the formats.
# fmt: off
SPECIAL = [
    b"{", b"}", b"[", b"]", b"(", b")", b"<", b">", b"@", b'"', b"'", b"&", b"\\", b"%", b"#",
    b"$", b"=", b",", b";", b":", b"\x00", b"\r", b"\r\n", b"\n\n", b"\t", b"\xff", b"\xfe\xff",
    b"\xef\xbb\xbf", b"\xc3", b"\xe2\x80\xa8", b"\xed\xa0\x80", b"&amp;", b"&#0;", b"&#x110000;",
    b"&#99999999999;", b"&undefined;", b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<?xml ",
    b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"&e;", b"\\u0000", b"\\ud800",
    b"\\uDFFF", b"null", b"true", b"NaN", b"-Infinity", b"1e999999", b"-0", b"0x1F",
    b"@string{m = {", b"@comment{", b"@preamble{", b" # m # ", b"\\'", b"{\\\"o}", b"\\textbf{",
    b"\\begin{", b"$x^", b"TY  - ", b"ER  - ", b"TI  - ", b"AB  - ", b"AU  - ", b"PMID- ",
    b"FAU - ", b"DP  - ", b"---\n", b"- ", b"*", b"&anchor ", b"*anchor", b"!!python/object ",
    b"### ", b"](", b"[](http://", b"http://", b"arXiv:", b"Title:", b"Authors:", b"Abstract",
    b"upvotes", b"GitHub", b"Submitted by", b"\\\\", b"<a>", b"</a>", b"<p>", b"<script>",
]
# fmt: on

NESTERS = [b"[", b"{", b"(", b"<a>", b'{"a":', b"[[", b"{{", b"<b><i>", b"\\textbf{", b"- ", b">"]
CLOSERS = {b"[": b"]", b"{": b"}", b"(": b")", b"<a>": b"</a>", b'{"a":': b"}", b"[[": b"]]"}

MAX_INPUT = 2 * 1024 * 1024  # no mutation makes an input bigger than this
WINDOW = 6 * 1024  # fixtures are cut to about this much around a random point (speed)


def digit_run(rng: random.Random) -> bytes:
    """A long run of digits, sometimes as a number JSON, YAML or a year would hold."""
    digits = b"9" * rng.choice([20, 400, 5000, 50_000])
    return rng.choice([b"", b"-", b"0.", b"1e", b"19", b"id:", b"&#"]) + digits


def nesting(rng: random.Random) -> bytes:
    """Something nested deeply, closed or left open."""
    opener = rng.choice(NESTERS)
    depth = rng.choice([50, 1000, 20_000, 100_000])
    closed = CLOSERS.get(opener, b"") * depth if rng.random() < 0.5 else b""
    return opener * depth + closed


def special(rng: random.Random) -> bytes:
    """One of the special bytes or strings, a digit run or a nesting."""
    roll = rng.random()
    if roll < 0.05:
        return digit_run(rng)
    if roll < 0.08:
        return nesting(rng)
    return rng.choice(SPECIAL)


def _flip(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def _insert(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        data[at:at] = special(rng)
    return data


def _truncate(data: bytearray, rng: random.Random) -> bytearray:
    return data[: rng.randint(0, len(data))]


def _delete(data: bytearray, rng: random.Random) -> bytearray:
    start = rng.randint(0, len(data))
    del data[start : start + rng.randint(1, 200)]
    return data


def _duplicate(data: bytearray, rng: random.Random) -> bytearray:
    """A line (a field, in most formats) repeated a few or many times."""
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    times = rng.choice([2, 10, 1000]) if rng.random() < 0.9 else rng.choice([10_000, 50_000])
    times = max(1, min(times, MAX_INPUT // (len(lines[index]) + 1)))
    lines[index : index + 1] = [lines[index]] * times
    return bytearray(b"\n".join(lines))


def _huge_field(data: bytearray, rng: random.Random) -> bytearray:
    """A piece of a line repeated inside it until the line is very long."""
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = bytes(data[start : start + rng.randint(1, 40)]).replace(b"\n", b" ") or b"x"
    size = rng.choice([10_000, 100_000, 1_000_000])
    data[start:start] = piece * (size // len(piece))
    return data


def _swap_lines(data: bytearray, rng: random.Random) -> bytearray:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return bytearray(b"\n".join(lines))


def _reencode(data: bytearray, rng: random.Random) -> bytearray:
    text = bytes(data).decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"])
    return bytearray(text.encode(encoding, errors="replace"))


MUTATIONS: list[Callable[[bytearray, random.Random], bytearray]] = [
    _flip,
    _flip,
    _insert,
    _insert,
    _insert,
    _truncate,
    _delete,
    _duplicate,
    _swap_lines,
]
RARE_MUTATIONS = [_huge_field, _reencode]


def window(data: bytes, rng: random.Random) -> bytes:
    """The fixture, or about WINDOW bytes of it starting at a line, if it is longer."""
    if len(data) <= WINDOW or rng.random() < 0.1:
        return data
    start = data.find(b"\n", rng.randrange(len(data) - WINDOW // 2)) + 1
    head = data[: rng.choice([0, 0, 200, 1000])]  # a header (CSV columns, XML prolog) or not
    return head + data[start : start + rng.randint(WINDOW // 4, WINDOW)]


def mutate(data: bytes, rng: random.Random, other: bytes | None = None) -> bytes:
    """``data`` with one to four mutations, maybe spliced with ``other`` first."""
    buffer = bytearray(data)
    if other is not None:
        buffer = buffer[: rng.randint(0, len(buffer))] + other[rng.randint(0, len(other)) :]
    for _ in range(rng.randint(1, 4)):
        step = rng.choice(RARE_MUTATIONS) if rng.random() < 0.03 else rng.choice(MUTATIONS)
        buffer = step(buffer, rng)
        if len(buffer) > MAX_INPUT:
            del buffer[MAX_INPUT:]
    return bytes(buffer)


def random_bytes(rng: random.Random) -> bytes:
    """Bytes drawn at random, short or a few kilobytes."""
    return rng.randbytes(rng.choice([1, 16, 256, 4096]))


def random_text(rng: random.Random) -> bytes:
    """Random Unicode text (any code point but surrogates, often ASCII), as UTF-8."""
    size = rng.choice([1, 16, 256, 2048])
    if rng.random() < 0.5:
        chars = (chr(rng.randrange(32, 127)) if rng.random() < 0.8 else "\n" for _ in range(size))
    else:
        chars = (
            chr(rng.choice([rng.randrange(0xD800), rng.randrange(0xE000, 0x110000)]))
            for _ in range(size)
        )
    return "".join(chars).encode("utf-8")


def token_soup(rng: random.Random) -> bytes:
    """Special strings and words strung together, so random input gets past the first checks."""
    words = [b"title", b"abstract", b"author", b"2401.00001", b"Attention", b" ", b"\n"]
    return b"".join(rng.choice([*SPECIAL, *words]) for _ in range(rng.randint(1, 200)))


def generated(rng: random.Random, own: list[bytes], others: list[bytes]) -> bytes:
    """One input for a target whose own fixtures are ``own`` (any format's: ``others``)."""
    roll = rng.random()
    if roll < 0.06:
        return random_bytes(rng)
    if roll < 0.12:
        return random_text(rng)
    if roll < 0.17:
        return token_soup(rng)
    if roll < 0.19:
        return rng.choice([digit_run, nesting])(rng)
    pool = own if own and rng.random() < 0.85 else others
    base = window(rng.choice(pool), rng)
    other = window(rng.choice(others), rng) if rng.random() < 0.1 else None
    return mutate(base, rng, other)

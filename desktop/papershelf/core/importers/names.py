"""Person names as "First Last", whichever order an export writes them in."""

from __future__ import annotations

from papershelf.core.textutil import squash

SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def first_last(name: str) -> str:
    """ "Last, First" (or "Last, Jr., First", "Last,First") as "First Last"; others unchanged."""
    parts = [squash(p) for p in name.split(",")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return squash(name)
    last, rest = parts[0], parts[1:]
    suffix = [p for p in rest if p.lower() in SUFFIXES]
    given = [p for p in rest if p.lower() not in SUFFIXES]
    if not given:  # "Smith, Jr." is a surname and a suffix, not a reversed name
        return ", ".join(parts)
    text = f"{' '.join(given)} {last}"
    return f"{text}, {' '.join(suffix)}" if suffix else text

"""Author names, stored as "First Last", taken apart for formats that want family and given.

The library keeps each name as one string in reading order ("Ludwig van Beethoven", "John
Smith, Jr"). BibTeX, RIS and CSL want it in parts: the family name (its last word, with the
lower-case particles before it: "van Beethoven"), the given names, and a suffix ("Jr"). A name
that cannot be taken apart so (an organisation with a comma in it, a name with "and" in it) is
``literal``: formats write it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_NOT_NAMES = {"and", "others"}  # words BibTeX would read as a separator or "et al."


@dataclass(frozen=True)
class Name:
    """One author: given names, particles ("van"), family name, suffix; or a literal name."""

    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def family_with_particle(self) -> str:
        """ "van Beethoven"."""
        return f"{self.particle} {self.family}".strip()


def split_name(name: str) -> Name:
    """A stored name in parts; a literal Name when it has no such parts."""
    main, comma, rest = name.partition(",")
    suffix = rest.strip()
    if comma and (suffix.lower() not in SUFFIXES or "," in suffix):
        return Name(literal=name)
    words = main.split()
    if not words or any(w.lower() in _NOT_NAMES for w in words):
        return Name(literal=name)
    if len(words) == 1:
        return Name(family=words[0], suffix=suffix)
    first_particle = len(words) - 1
    while first_particle > 1 and words[first_particle - 1][:1].islower():
        first_particle -= 1
    given = " ".join(words[:first_particle])
    if given.lower() in SUFFIXES:  # "Sr Smith" written "Smith, Sr" would read as a suffix
        return Name(literal=name)
    return Name(
        given=given,
        particle=" ".join(words[first_particle:-1]),
        family=words[-1],
        suffix=suffix,
    )


def family_first(name: str) -> str:
    """ "van Beethoven, Ludwig" ("Smith, John, Jr"), as RIS writes names; literal ones whole."""
    parts = split_name(name)
    if parts.literal:
        return parts.literal
    pieces = [parts.family_with_particle, parts.given, parts.suffix]
    if parts.suffix and not parts.given:
        return f"{parts.family_with_particle}, {parts.suffix}"
    return ", ".join(p for p in pieces if p)

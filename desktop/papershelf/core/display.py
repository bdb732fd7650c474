"""How a paper's page facts read in one short line each, for the CLI and the window alike."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


def compact(count: int) -> str:
    """A count the way pages show it: 950, 1.3k, 11.3k, 68.6k, 1.2M."""
    if count < 1000:
        return str(count)
    for size, suffix in ((1_000_000, "M"), (1000, "k")):
        if count >= size:
            value = count / size
            text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            return text.removesuffix(".0") + suffix
    return str(count)  # pragma: no cover - the loop always returns


AUTHORS_SHOWN = 10  # names before "… and N more"


def authors_line(paper: dict[str, Any], limit: int | None = AUTHORS_SHOWN) -> str:
    """The authors' names (after ``limit`` of them, "… and 2,341 more"; None: all), or
    "8 authors" when a page gave only their number; '' if neither."""
    authors = paper.get("authors") or []
    if authors:
        if limit is not None and len(authors) > limit + 1:
            return ", ".join(authors[:limit]) + f" … and {len(authors) - limit:,} more"
        return ", ".join(authors)
    count = paper.get("authors_count")
    return f"{count:,} author" + ("s" if count != 1 else "") if count else ""


def page_facts(paper: dict[str, Any]) -> list[str]:
    """What the page showed beside the paper: "GitHub ★ 11.3k", "101 upvotes", its date."""
    facts = []
    stars = paper.get("github_stars")
    if paper.get("github") or stars is not None:
        facts.append("GitHub" + (f" ★ {compact(stars)}" if stars is not None else ""))
    if paper.get("upvotes"):
        facts.append(f"{paper['upvotes']:,} upvotes")
    if paper.get("listed"):
        facts.append(f"listed {shown_date(paper['listed'])}")
    return facts


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def shown_date(iso: str) -> str:
    """An ISO date as it reads: "2026-03-14" stays, "--03-14" (no year known) is "Mar 14"."""
    if iso.startswith("--") and len(iso) == 7 and iso[2:4].isdigit() and iso[5:].isdigit():
        month = int(iso[2:4])
        if 1 <= month <= 12:
            return f"{_MONTHS[month - 1]} {int(iso[5:])}"
    return iso


def reading_line(added: str, changes: list[tuple[str, str]]) -> str:
    """ "added 2026-03-14 · started 2026-03-15 · read 2026-03-20": a paper's reading history
    (the first start, the last time it was marked read), in local time."""
    parts = [f"added {_day(added)}"]
    started = next((at for status, at in changes if status == "reading"), None)
    read = next((at for status, at in reversed(changes) if status == "read"), None)
    if started:
        parts.append(f"started {_day(started)}")
    if read:
        parts.append(f"read {_day(read)}")
    return " · ".join(parts)


def _day(stamp: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().date().isoformat()
    except ValueError:
        return stamp[:10]


# Unicode has super- and subscript forms of the digits, signs and most letters: enough for the
# exponents and indices titles use ("M$^2$CD", "H$_2$O", "$L^{p}$"), which read as M²CD.
_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPTS = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}\\$]*)\}|([A-Za-z0-9]))")
# Maths as pandoc reads it: no space inside the dollars, no digit after the closing one (so
# "from $5 to $10" is money, not maths).
_MATH = re.compile(r"\$(?=[^\s$])[^$]*(?<=[^\s$])\$(?!\d)")


def readable_title(title: str) -> str:
    """A title as it reads, its TeX turned into text: "M$^2$CD" is "M²CD", "$\\alpha$-NN" is
    "α-NN". The stored title keeps its TeX (search, exports and highlights use it)."""
    if "$" not in title and "\\" not in title:
        return title
    return _readable(title)


@lru_cache(maxsize=8192)
def _readable(title: str) -> str:
    from papershelf.core.latex import latex_to_text

    if "$" in _MATH.sub("", title):  # a dollar that is not maths: the title is left as it is
        return title
    return latex_to_text(_MATH.sub(lambda m: _SCRIPT.sub(_script, m.group()), title))


def _script(found: re.Match[str]) -> str:
    """An exponent or index in Unicode's small forms, when each of its characters has one."""
    forms = _SUPERSCRIPTS if found.group(1) == "^" else _SUBSCRIPTS
    body = found.group(2) if found.group(2) is not None else found.group(3)
    if body and all(c in forms for c in body):
        return "".join(forms[c] for c in body)
    return found.group()

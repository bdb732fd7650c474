"""How a paper's page facts read in one short line each, for the CLI and the window alike."""

from __future__ import annotations

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


def authors_line(paper: dict[str, Any]) -> str:
    """The authors' names, or "8 authors" when a page gave only their number; '' if neither."""
    if paper.get("authors"):
        return ", ".join(paper["authors"])
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

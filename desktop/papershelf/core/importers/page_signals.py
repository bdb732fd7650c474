"""What one line of a papers page is: furniture, a fact about a paper, a title or prose.

Every line of a page of papers is one of three things. Page furniture (menus, banners,
"Subscribe", footers, separators) is dropped. A fact belongs to one paper: the paper's own URL
(``huggingface.co/papers/2407.13739``), an upvote count, "8 authors", "Submitted by", a date,
a comment count, a GitHub link with its stars, an arXiv link, a project page. Everything else
is content: a title, or prose (an abstract or a one-sentence summary). ``page_reader`` then
finds the papers from the order of these kinds; this module only looks at one line at a time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import unquote

from papershelf.core.importers.page_units import Unit

# -- links -----------------------------------------------------------------------------------

_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
_PAPER_URL = re.compile(
    rf"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/papers/{_ARXIV_ID}(?:v\d+)?/?(#.*)?$"
)
_UPVOTE_URL = re.compile(rf"huggingface\.co/login\?next=/papers/{_ARXIV_ID}(?:[/#?&]|$)")
_ARXIV_URL = re.compile(rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/{_ARXIV_ID}")
_GITHUB_URL = re.compile(r"^https?://(?:www\.)?github\.com/[\w.\-]+/[\w.\-]+(?:/\S*)?$")
_HF_URL = re.compile(r"^https?://(?:[\w-]+\.)?(?:huggingface\.co|hf\.co)(?:/|$)")


def paper_id(url: str) -> str | None:
    """The arXiv id a Hugging Face paper URL (or an arXiv URL) names; None otherwise."""
    match = _PAPER_URL.match(url) or _ARXIV_URL.match(url)
    return match.group(1) if match else None


def upvote_target(url: str) -> str | None:
    """The arXiv id of the paper an upvote button (``login?next=/papers/ID``) is for."""
    match = _UPVOTE_URL.search(unquote(url))
    return match.group(1) if match else None


# -- furniture -------------------------------------------------------------------------------

# fmt: off
FURNITURE = {
    "new", "subscribe", "upvote", "upvoted", "view paper", "paper", "code", "models",
    "datasets", "spaces", "buckets", "buckets new", "collections", "docs", "pricing", "log in",
    "login", "sign up", "enterprise", "solutions", "community", "system theme", "website",
    "company", "tos", "privacy", "about", "jobs", "previous", "next", "search", "daily",
    "weekly", "monthly", "trending", "more", "daily papers", "trending papers", "hugging face",
    "tasks", "huggingchat", "languages", "organizations", "blog", "posts", "learn", "discord",
    "forum", "github", "arxiv", "team & enterprise", "hugging face pro", "enterprise support",
    "inference providers", "inference endpoints", "storage buckets", "load more", "show more",
    "read more", "see all", "view all", "copy link", "share", "claim", "follow", "sort by",
    "top", "latest", "recent", "papers", "home", "menu", "skip to main content", "search papers",
    "search for papers", "daily papers - hugging face", "trending papers - hugging face",
    "get trending papers in your email inbox!", "no papers found", "submit a paper",
    "try a different search, or submit a paper from arxiv", "show only papers with code",
    "add to collection", "reply", "sign up or log in to comment", "view arxiv page",
    "view pdf", "models citing this paper", "datasets citing this paper",
    "spaces citing this paper", "collections including this paper", "paper of the day",
    "note", "published", "updated", "by", "ak",
    "get trending papers in your email inbox once a day!",
    "web source", "extracted text", "content truncated", "arxiv page", "project page",
}
# fmt: on
_BULLET = re.compile(r"^(?:[-*•·]\s+)+")
_PUNCTUATION_ONLY = re.compile(r"^[\W_]*$")
_PLACEHOLDER = re.compile(r"^\[[^\[\]]{1,40}\]$")  # an image a copy left as "[Image]", "[图片]"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"^(?:published(?: on)?\s+|submitted on\s+|on\s+)?({_MONTH})\s+(\d{{1,2}})(?:,?\s*(\d{{4}}))?"
    r"(?:\s+(\d[\d,]*))?$"
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_COUNT = re.compile(r"^(?:\[-\]\s*|upvotes?\s*|▲\s*|·\s*|\+)?(\d[\d,]*(?:\.\d+)?[km]?|-)$")
_UPVOTE_TEXT = re.compile(r"^upvotes?\s")
_AUTHORS = re.compile(r"^(?:·\s*)?(\d[\d,]*)\s+authors?$")
_COMMENTS = re.compile(r"^(\d[\d,]*)\s+comments?$")
_SUBMITTED = re.compile(r"^(?:·\s*)?submitted by\b")
_AGO = re.compile(
    r"^(?:·\s*)?(?:updated\s+|published\s+)?\d+\s*(?:days?|hours?|minutes?|weeks?|months?)\s+ago$"
)
_GITHUB_TEXT = re.compile(r"^(?:link:\s*)?github\s*(\d[\d,]*(?:\.\d+)?[km]?)?$")
_ARXIV_ID_TEXT = re.compile(rf"^(?:arxiv:\s*)?{_ARXIV_ID}$")
_PROJECT_TEXT = re.compile(r"^(?:link:\s*)?(?:project page|project|website|homepage|demo)$")
_ARXIV_TEXT = re.compile(r"^(?:link:\s*)?(?:arxiv(?: page)?|pdf|abs|paper page|view arxiv page)$")
_BY_COMMUNITY = re.compile(r"^by\s*.{0,40}\band the research community$")
# Linear on any line: a name starts where a word does, a tag stops at the next "<".
_MARKUP = re.compile(r'(?<![\w:-])[\w:-]+="[^"]*"|</?[a-z][\w-]*\b[^<>]*>?|/>')
_CAPTURE_META = re.compile(
    r"^(?:[-*]\s*)?\**(?:url|title|page title|source|captured|captured \(utc\)|retrieved|"
    r"exported|generated from|extraction|source url|source_id|notebook_id|type)\**:\s"
)


_NUMBER_TEXT = re.compile(r"^(?:\d[\d,]*(?:\.\d+)?[km]?|-)$", re.IGNORECASE)


def number_text(text: str) -> bool:
    """Whether a line is a count as pages show them ("186", "1.2k", "-")."""
    return bool(_NUMBER_TEXT.match(text.strip()))


def number(text: str) -> int:
    """A count as the page shows it ("142", "1,204", "11.3k", "-") as an integer."""
    text = text.strip().lower().replace(",", "")
    if text in ("", "-"):
        return 0
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    digits = text[:-1] if scale > 1 else text
    try:
        value = float(digits) * scale
    except ValueError:
        return 0
    return round(value) if math.isfinite(value) else 0  # "1e999" is no count


# -- facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Something a line says about one paper (``value`` by kind: int, str, or a date)."""

    kind: str  # paper | upvotes | count | authors_count | comments | submitted | date | github |
    # arxiv | project
    value: object = None
    target: str | None = None  # the arXiv id the line's link names, when it names one

    def github(self) -> tuple[str | None, int | None]:
        """A ``github`` fact's value: the repository link and its star count."""
        assert isinstance(self.value, tuple), self
        return self.value

    def date(self) -> tuple[Date, int | None]:
        """A ``date`` fact's value: the date shown and the count after it."""
        assert isinstance(self.value, tuple), self
        return self.value


@dataclass(frozen=True)
class Date:
    """A date as the page shows it; the year is missing for this year's dates."""

    month: int
    day: int
    year: int | None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_date(text: str) -> tuple[Date, int | None] | None:
    """A date line ("Mar 14", "Oct 7, 2024", "May 29 6") and the count after it, if any."""
    low = text.casefold()
    match = _DATE.match(low)
    if match:
        month = _MONTHS.index(match.group(1)[:3]) + 1
        day = int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
        if 1 <= day <= 31:
            count = number(match.group(4)) if match.group(4) else None
            return Date(month, day, year), count
    iso = _ISO_DATE.match(low)
    if iso and 1 <= int(iso.group(2)) <= 12 and 1 <= int(iso.group(3)) <= 31:
        return Date(int(iso.group(2)), int(iso.group(3)), int(iso.group(1))), None
    return None


# The pieces a line of facts is made of, when a capture runs several into one line
# ("8 authors LINK: GitHub 11.3k", "Upvote 117 GitHub 131 arXiv Page").
_FACT_PIECE = re.compile(
    rf"\s*(?:[-*•·]\s*)*(?:\d[\d,]*\s+authors?|\d[\d,]*\s+comments?|(?:link:\s*)?github"
    rf"(?:\s+\d[\d,]*(?:\.\d+)?\s*[km]?)?|upvote(?:\s+\d[\d,]*)?|arxiv page|project page"
    rf"|(?:published on\s+)?{_MONTH}\s+\d{{1,2}}(?:,?\s*\d{{4}})?|\d[\d,]*(?:\.\d+)?[km]?)"
    r"(?=\s|$)",
    re.IGNORECASE,
)


def fact_pieces(text: str) -> list[str]:
    """The facts a line runs together, one a piece; [] unless the whole line is two or more."""
    pieces, at = [], 0
    while at < len(text):
        match = _FACT_PIECE.match(text, at)
        if not match or match.end() == at:
            return []
        pieces.append(match.group(0).strip())
        at = match.end()
    return pieces if len(pieces) >= 2 else []


def fact(unit: Unit) -> Fact | None:
    """The fact a line states about a paper, or None if it states none."""
    low = _BULLET.sub("", unit.text.casefold())
    target = next((t for link in unit.links if (t := paper_id(link) or upvote_target(link))), None)
    github = next((link for link in unit.links if _GITHUB_URL.match(link)), None)
    if not unit.text:
        return _link_fact(unit.links, target, github)
    gh = _GITHUB_TEXT.match(low)
    if gh and (github or gh.group(1)):  # a copy without links still shows "GitHub 11.3k"
        return Fact("github", (github, number(gh.group(1)) if gh.group(1) else None), target)
    if (m := _AUTHORS.match(low)) is not None:
        return Fact("authors_count", number(m.group(1)), target)
    if (m := _COMMENTS.match(low)) is not None:
        return Fact("comments", number(m.group(1)), target)
    if (bare := _ARXIV_ID_TEXT.match(unit.text.strip())) is not None:
        return Fact("arxiv", bare.group(1), bare.group(1))  # "2608.16590" on a collection
    if _COUNT.match(low):
        value = number(_COUNT.match(low).group(1))  # type: ignore[union-attr]
        if any(link.endswith("#community") for link in unit.links):
            return Fact("comments", value, target)
        if any(upvote_target(link) for link in unit.links) or _UPVOTE_TEXT.match(low):
            return Fact("upvotes", value, target)
        return Fact("count", value, target)
    if (dated := parse_date(unit.text)) is not None:
        return Fact("date", dated, target)
    if _SUBMITTED.match(low):
        return Fact("submitted", unit.text, target)
    if unit.links and _PROJECT_TEXT.match(low):
        external = [link for link in unit.links if not _HF_URL.match(link)]
        return Fact("project", external[0], target) if external else None
    if unit.links and _ARXIV_TEXT.match(low) and target:
        return Fact("arxiv", target, target)
    return None


def _link_fact(links: list[str], target: str | None, github: str | None) -> Fact | None:
    """What a line holding only links (a bare URL, ``[LINK: url]``) says."""
    if github:
        return Fact("github", (github, None), target)
    for link in links:
        if _PAPER_URL.match(link) and not link.endswith("#community"):
            return Fact("paper", paper_id(link), paper_id(link))
        if _ARXIV_URL.match(link):
            return Fact("arxiv", paper_id(link), paper_id(link))
    return None


def is_furniture(unit: Unit) -> bool:
    """Whether a line is page furniture: a menu entry, a banner, a separator, a profile."""
    low = unit.text.casefold().strip(" .:!")
    if not unit.text:
        return True  # links that state no fact: navigation, avatars, login buttons
    if low in FURNITURE or unit.text.casefold() in FURNITURE or _PUNCTUATION_ONLY.match(low):
        return True
    if _PLACEHOLDER.match(unit.text.strip()):
        return True
    if _BY_COMMUNITY.match(low) or _AGO.match(low) or _CAPTURE_META.match(low):
        return True
    if len("".join(_MARKUP.findall(unit.text))) > len(unit.text) / 2:
        return True  # raw HTML a converter left: attributes, a tag cut at a line's end
    # A line linking only to a Hugging Face profile, organisation or menu page, never to a
    # paper: an avatar's name, an organisation, "Models".
    return bool(unit.links) and all(
        _HF_URL.match(link) and not paper_id(link) for link in unit.links
    )


def is_worded(text: str) -> bool:
    """Whether text holds a word (not only punctuation, digits and symbols)."""
    return bool(_LETTER.search(text))


# -- content ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+[A-Z(\"]")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]]*$")
_NAME = re.compile(r"^[A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,3}$")
_LETTER = re.compile(r"[^\W\d_]")
_URL_ONLY = re.compile(r"^<?https?://\S+>?$")


def is_prose(text: str) -> bool:
    """Whether text reads as an abstract or a one-sentence summary, not as a title.

    A title may hold a question ("Who is to Blame? Localizing ...") but rarely a full stop
    followed by another sentence.
    """
    words = len(text.split())
    if words < 8:
        return False
    breaks = _SENTENCE_END.findall(text)
    if len(text) >= 300 or (words >= 15 and (len(breaks) >= 2 or any("." in b for b in breaks))):
        return True
    ends = _ENDS_SENTENCE.search(text)
    if ends and text.rstrip("\"')]").endswith("."):
        return words >= 10
    return bool(ends) and words >= 20


TITLE_CHARS = 300  # no title is longer


def is_title(text: str) -> bool:
    """Whether text could be a paper's title: short, worded, and not prose."""
    return (
        2 <= len(text) <= TITLE_CHARS
        and len(text.split()) <= 40
        and bool(_LETTER.search(text))
        and not _URL_ONLY.match(text)
        and not is_prose(text)
    )


_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al"}


def author_names(text: str) -> list[str] | None:
    """The names of an author line ("A. Smith, B. Jones and C. Wu"); None if it is not one.

    Every word of a name is capitalised (or a particle such as "van"): "Approach for Robust,
    Efficient" is a wrapped title, not two people.
    """
    parts = [p.strip() for p in re.split(r",|\band\b|;", text) if p.strip()]
    if len(parts) < 2 or text.endswith(".") or not all(_NAME.match(p) for p in parts):
        return None
    words = [w for p in parts for w in p.split()]
    if all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words):
        return parts
    return None


def wrapped(lines: list[str]) -> bool:
    """Whether lines are one paragraph hard-wrapped at a width (a text browser, a converter).

    Most lines but the last reach near the width; a few fall short where a long word (a
    URL) went to the next line.
    """
    if len(lines) < 2:
        return False
    width = max(len(line) for line in lines)
    full = sum(len(line) >= 0.7 * width for line in lines[:-1])
    return width >= 50 and full >= 0.75 * (len(lines) - 1) and len(lines[0]) >= 0.7 * width

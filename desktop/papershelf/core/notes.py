"""A paper's Markdown note, rendered to HTML that is safe to show: no image, no script, no
resource of any kind, and only links a person can follow in a browser.

``markdown`` renders (headings, lists, emphasis, code, links, tables); nh3 then keeps only the
tags and attributes a note needs, and only web and mail links. What comes out is shown by a
widget that also loads nothing itself; this is the first of the two walls.
"""

from __future__ import annotations

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
    "code", "em", "strong", "b", "i", "del", "s", "sup", "sub", "a", "table", "thead", "tbody",
    "tr", "th", "td", "dl", "dt", "dd",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
TABLE = '<table border="1" cellspacing="0" cellpadding="4">'
RENDERED_CHARS = 100_000  # of a longer note the start is shown: all of it would stall a window


def render(note: str) -> str:
    """The note as sanitised HTML (``""`` for an empty note); of a very long note, its first
    ``RENDERED_CHARS`` characters (cut at a paragraph) and how much more there is."""
    if not note.strip():
        return ""
    rest = ""
    if len(note) > RENDERED_CHARS:
        cut = note.rfind("\n\n", 0, RENDERED_CHARS)
        cut = cut if cut > RENDERED_CHARS // 2 else RENDERED_CHARS
        rest = (
            f"<p><i>… and {len(note) - cut:,} more characters, not shown here; the note "
            "editor (n) holds all of it.</i></p>"
        )
        note = note[:cut]
    import markdown  # noqa: PLC0415 - loaded by the first note shown, not at start-up
    import nh3  # noqa: PLC0415

    raw = markdown.markdown(note, extensions=EXTENSIONS, output_format="html")
    clean = nh3.clean(
        raw,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "svg", "math", "template"},
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Rules between cells, added after cleaning (Qt's rich text draws no CSS borders).
    return clean.replace("<table>", TABLE) + rest


def first_line(note: str, width: int = 70) -> str:
    """The note's first line of text, for a list of annotations."""
    for line in note.splitlines():
        text = line.strip(" #>*-`")
        if text:
            return text if len(text) <= width else text[: width - 1] + "…"
    return ""

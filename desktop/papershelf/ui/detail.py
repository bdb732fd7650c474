"""The detail pane: one paper as rich text, its highlights drawn, its note rendered.

Every text in it comes from a file or the user, so each is escaped; the note is Markdown
rendered and sanitised (``core.notes``). Nothing is ever loaded: ``loadResource`` returns
nothing (no images, local or remote) and counts each request, and a link opens in the system
browser only when clicked (``annotation:`` links jump inside the pane instead).

The pane can be read with a caret (Shift+arrows select), so that words can be highlighted
from the keyboard: ``selection_span`` maps a selection back to the title or abstract and the
characters it covers, through the blocks the pane rendered them in.

Under the text, in the margin the pane keeps below its scrolling area, "Related in your
library" lists the papers most like the one shown (``ui.related``), found off the UI thread.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser

from papershelf.core.annotations import Highlight
from papershelf.core.display import (
    AUTHORS_SHOWN,
    authors_line,
    page_facts,
    readable_title,
    reading_line,
)
from papershelf.core.hits import hit_spans
from papershelf.core.notes import first_line, render
from papershelf.ui.listmodel import status_label
from papershelf.ui.related import RelatedPanel, open_related
from papershelf.ui.signals import emit
from papershelf.ui.theme import TextColours, palette_for, text_colours

SAFE_SCHEMES = ("http", "https", "mailto")
LIGHT_TEXT = text_colours(palette_for("light"))  # for HTML made outside a pane
HIGHLIGHT_COLOURS = ("#fff0a0", "#c8f0c0", "#cfe3ff", "#ffd1e6", "#ffe0b3")  # keys 1-5


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed (escaped where it goes
    into the pane's HTML)."""
    return QCoreApplication.translate("Detail", text)


@dataclass(frozen=True)
class Block:
    """Where a piece of a field was rendered: its block in the document, its field, and the
    offset in the field's text its first character has."""

    number: int
    field: str
    offset: int
    text: str


class DetailPane(QTextBrowser):
    """Shows the current paper; empty text when nothing is selected."""

    annotationChosen = Signal(str)  # "note" or a highlight's id

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.setAccessibleName(tr("Paper details"))
        self.setAccessibleDescription(
            tr("The current paper: its title, authors, abstract, note and highlights")
        )
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.setTextInteractionFlags(
            self.textInteractionFlags()
            | self.textInteractionFlags().TextSelectableByKeyboard
            | self.textInteractionFlags().LinksAccessibleByKeyboard
        )
        self.paper: dict[str, Any] | None = None
        self.all_authors = False  # the open paper's whole author list is shown
        self._authors_of: int | None = None
        self._shown: tuple[Collection[str], list[tuple[str, str]]] = ((), [])
        self.highlights: list[Highlight] = []
        self.blocks: list[Block] = []
        self.resource_requests = 0  # stays 0: a test counts what a note tried to load
        self.related = RelatedPanel(self)
        self.related.list.chosen.connect(lambda paper_id: open_related(self.window(), paper_id))
        self.show_paper(None)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802
        """Never load anything (images, style sheets, files)."""
        self.resource_requests += 1
        return None

    def show_paper(
        self,
        paper: dict[str, Any] | None,
        terms: Collection[str] | None = None,
        highlights: list[Highlight] | None = None,
        reading: list[tuple[str, str]] | None = None,
    ) -> None:
        """Render a paper (None: a hint) and keep the scroll position at the top."""
        self.paper = paper
        self.highlights = highlights or []
        self.related.show_for(paper["id"] if paper is not None else None)
        self._place_related()
        if paper is None:
            self.blocks = []
            self.setHtml(
                f"<p style='color:{text_colours(self.palette()).muted}; margin-top:24px' "
                f"align='center'>{html.escape(tr('Select a paper to read its abstract.'))}</p>"
            )
            return
        if paper["id"] != self._authors_of:
            self.all_authors, self._authors_of = False, paper["id"]
        self._shown = (terms or (), reading or [])
        body, self.blocks = paper_html(
            paper,
            terms or (),
            self.highlights,
            reading or [],
            self.all_authors,
            text_colours(self.palette()),
        )
        self.setHtml(body)
        self.verticalScrollBar().setValue(0)

    def show_all_authors(self, shown: bool) -> None:
        """Every author of the open paper, or the first few (the choice stays while it is
        open)."""
        self.all_authors = shown
        self._redraw()

    def _redraw(self) -> None:
        """Draw the open paper again where it was scrolled to."""
        if self.paper is None:
            return
        terms, reading = self._shown
        at = self.verticalScrollBar().value()
        body, self.blocks = paper_html(
            self.paper,
            terms,
            self.highlights,
            reading,
            self.all_authors,
            text_colours(self.palette()),
        )
        self.setHtml(body)
        self.verticalScrollBar().setValue(at)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Draw the paper again in a new theme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._redraw()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the related papers under the text, a third of the pane high."""
        super().resizeEvent(event)
        self._place_related()

    def _place_related(self) -> None:
        shown = self.paper is not None
        height = min(240, max(110, self.height() // 3)) if shown else 0
        self.setViewportMargins(0, 0, 0, height)
        self.related.setVisible(shown)
        if shown:
            area = self.viewport().geometry()
            self.related.setGeometry(area.x(), area.bottom() + 1, area.width(), height)

    # -- selections and highlights -----------------------------------------------------------

    def selection_span(self) -> tuple[str, int, int] | None:
        """The field and characters the selection covers (clipped to the field it starts in);
        None when nothing of the title or abstract is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._field_offset(cursor.selectionStart())
        end = self._field_offset(cursor.selectionEnd(), end=True)
        if start is None or end is None:
            return None
        field, begin = start
        if end[0] != field:
            end = (field, max(b.offset + len(b.text) for b in self.blocks if b.field == field))
        return (field, begin, end[1]) if end[1] > begin else None

    def _field_offset(self, position: int, end: bool = False) -> tuple[str, int] | None:
        block = self.document().findBlock(position)
        found = next((b for b in self.blocks if b.number == block.blockNumber()), None)
        if found is None or block.text() != found.text:
            return None
        return found.field, found.offset + min(position - block.position(), len(found.text))

    def show_highlight(self, highlight_id: int) -> None:
        """Select a highlight's words in the pane and scroll to them."""
        mark = next((h for h in self.highlights if h.id == highlight_id), None)
        if mark is None or mark.lost:
            return
        for block in self.blocks:
            if block.field == mark.field and block.offset <= mark.start <= block.offset + len(
                block.text
            ):
                start = self.document().findBlockByNumber(block.number).position()
                cursor = QTextCursor(self.document())
                cursor.setPosition(start + mark.start - block.offset)
                cursor.setPosition(
                    start + min(mark.stop, block.offset + len(block.text)) - block.offset,
                    QTextCursor.MoveMode.KeepAnchor,
                )
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
                return

    def highlight_at_caret(self) -> Highlight | None:
        """The highlight the caret stands in, if any."""
        spot = self._field_offset(self.textCursor().position())
        if spot is None:
            return None
        field, at = spot
        return next(
            (h for h in self.highlights if h.field == field and h.start <= at <= h.stop), None
        )

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "annotation":
            emit(self.annotationChosen, url.path())
        elif url.scheme() == "authors":
            self.show_all_authors(url.path() == "all")
        else:
            open_link(url)


def open_link(url: QUrl) -> None:
    """Open a clicked link in the system browser, if it is a web or mail link."""
    if url.scheme() in SAFE_SCHEMES:
        QDesktopServices.openUrl(url)


def paper_html(
    paper: dict[str, Any],
    terms: Collection[str],
    highlights: list[Highlight],
    reading: list[tuple[str, str]],
    all_authors: bool = False,
    colours: TextColours | None = None,
) -> tuple[str, list[Block]]:
    """The paper as the rich text the pane shows, and where its title and abstract went.

    Every part is one block (one ``<h2>`` or ``<p>``), so block numbers follow the parts.
    """
    e = html.escape
    c = colours or LIGHT_TEXT
    parts: list[str] = []
    blocks: list[Block] = []

    def field_block(tag: str, style: str, field: str, offset: int, text: str) -> None:
        blocks.append(Block(len(parts), field, offset, text))
        body = _marked(text, offset, [h for h in highlights if h.field == field], terms, c)
        parts.append(f"<{tag} style='{style}'>{body}</{tag}>")

    shown_title = readable_title(paper["title"])
    if shown_title == paper["title"]:
        field_block("h2", "margin-bottom:4px", "title", 0, paper["title"])
    else:  # TeX shown as text: its characters are not the stored title's, so not highlighted
        parts.append(f"<h2 style='margin-bottom:4px'>{highlight(shown_title, terms, c)}</h2>")
    names = authors_line(paper, None if all_authors else AUTHORS_SHOWN)
    if names:
        more = len(paper.get("authors") or []) > AUTHORS_SHOWN + 1
        toggle = (
            f" <a href='authors:{'fewer' if all_authors else 'all'}'>"
            f"{e(tr('show fewer') if all_authors else tr('show all'))}</a>"
            if more
            else ""
        )
        parts.append(f"<p style='color:{c.secondary}; margin-top:0'>{e(names)}{toggle}</p>")
    meta = [str(v) for v in (paper.get("year"), paper.get("venue")) if v] + page_facts(paper)
    ids = [f"arXiv:{paper['arxiv_id']}" if paper.get("arxiv_id") else ""]
    ids += [f"doi:{paper['doi']}" if paper.get("doi") else ""]
    line = " · ".join(e(m) for m in [*meta, *filter(None, ids)])
    trashed = (
        f" · <b style='color:{c.error}'>{e(tr('in the trash'))}</b>" if paper.get("trashed") else ""
    )
    status = _status(paper["status"], c)
    parts.append(f"<p style='color:{c.secondary}'>{status}&nbsp;&nbsp;{line}{trashed}</p>")
    parts.append(f"<p style='color:{c.muted}'>{e(reading_line(paper['added'], reading))}</p>")
    if paper["tags"]:
        parts.append("<p>" + "&nbsp;".join(_chip(t, c) for t in paper["tags"]) + "</p>")
    if paper["links"]:
        links = "<br>".join(
            f"<a href='{e(u, quote=True)}'>{e(u)}</a>" for u in paper["links"] if _safe(u)
        )
        parts.append(f"<p>{links}</p>")
    if paper["abstract"]:
        offset = 0
        for paragraph in paper["abstract"].split("\n\n"):
            field_block("p", "line-height:140%", "abstract", offset, paragraph)
            offset += len(paragraph) + 2
    else:
        parts.append(f"<p style='color:{c.muted}'>{e(tr('(no abstract)'))}</p>")
    if paper.get("note"):
        parts.append(f"<h4 style='margin-bottom:2px'>{e(tr('Note'))}</h4>")
        parts.append(render(paper["note"]))
    if paper.get("note") or highlights:
        parts.append(_annotations(paper, highlights, c))
    return "\n".join(parts), blocks


def _annotations(paper: dict[str, Any], highlights: list[Highlight], c: TextColours) -> str:
    """The paper's annotations: its note and each highlight, each a link that jumps to it."""
    e = html.escape
    rows = []
    if paper.get("note"):
        rows.append(
            f"<a href='annotation:note'>{e(tr('Note'))}</a>: {e(first_line(paper['note']))}"
        )
    for mark in highlights:
        colour = HIGHLIGHT_COLOURS[mark.colour - 1]
        quote = mark.quote if len(mark.quote) <= 80 else mark.quote[:79] + "…"
        comment = f" — {e(mark.comment)}" if mark.comment else ""
        lost = (
            f" <i style='color:{c.error}'>{e(tr('(its words are gone from the text)'))}</i>"
            if mark.lost
            else ""
        )
        rows.append(
            f"<span style='background-color:{colour}'>&nbsp;&nbsp;</span> "
            f"<a href='annotation:{mark.id}'>“{e(quote)}”</a>{comment}{lost}"
        )
    heading = f"<h4 style='margin-bottom:2px'>{e(tr('Annotations'))}</h4>"
    return heading + "<p>" + "<br>".join(rows) + "</p>"


def _marked(
    text: str,
    offset: int,
    highlights: list[Highlight],
    terms: Collection[str],
    c: TextColours,
) -> str:
    """``text`` escaped, with highlights (by offset) and search hits (by term) drawn."""
    spans = sorted(
        (max(0, h.start - offset), min(len(text), h.stop - offset), h.colour)
        for h in highlights
        if not h.lost and h.stop > offset and h.start < offset + len(text)
    )
    out, at = [], 0
    for start, stop, colour in spans:
        if start < at:
            start = at
        if start >= stop:
            continue
        out.append(highlight(text[at:start], terms, c))
        style = f"background-color:{HIGHLIGHT_COLOURS[colour - 1]}; color:{c.marked_text}"
        out.append(f"<span style='{style}'>{html.escape(text[start:stop])}</span>")
        at = stop
    out.append(highlight(text[at:], terms, c))
    return "".join(out)


def highlight(text: str, terms: Collection[str], c: TextColours | None = None) -> str:
    """``text`` escaped as HTML, with the words the search found marked: those the index's
    analyzer makes one of the search's ``terms`` (``core.hits``)."""
    hit = f"font-weight:600; background-color:{(c or LIGHT_TEXT).hit}"  # unlike any highlight
    out, last = [], 0
    for start, end in hit_spans(text, terms):
        out.append(html.escape(text[last:start]))
        out.append(f"<span style='{hit}'>{html.escape(text[start:end])}</span>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _status(status: str, c: TextColours) -> str:
    colour = c.status.get(status, c.secondary)
    return f"<b style='color:{colour}'>{html.escape(status_label(status))}</b>"


def _chip(tag: str, c: TextColours) -> str:
    return (
        f"<span style='background-color:{c.chip}; color:{c.chip_text}'>"
        f"&nbsp;{html.escape(tag)}&nbsp;</span>"
    )


def _safe(url: str) -> bool:
    return QUrl(url).scheme() in SAFE_SCHEMES

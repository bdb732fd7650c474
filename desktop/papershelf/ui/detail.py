"""The detail pane: one paper as rich text, with search words highlighted in its abstract.

Nothing is ever loaded: ``loadResource`` returns nothing (no images, local or remote) and links
open in the system browser only when clicked, through QDesktopServices.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser

from papershelf.core.display import authors_line, page_facts
from papershelf.ui.listmodel import STATUS_LABELS

STATUS_COLOURS = {"unread": "#1f6feb", "reading": "#b07d00", "read": "#3a7d44"}
SAFE_SCHEMES = ("http", "https", "mailto")


class DetailPane(QTextBrowser):
    """Shows the current paper; empty text when nothing is selected."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(open_link)
        self.paper: dict[str, Any] | None = None
        self.show_paper(None)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802
        """Never load anything (images, style sheets, files)."""
        return None

    def show_paper(self, paper: dict[str, Any] | None, words: list[str] | None = None) -> None:
        """Render a paper (None: a hint) and keep the scroll position at the top."""
        self.paper = paper
        if paper is None:
            self.setHtml(
                "<p style='color:#777; margin-top:24px' align='center'>"
                "Select a paper to read its abstract.</p>"
            )
            return
        self.setHtml(paper_html(paper, words or []))
        self.verticalScrollBar().setValue(0)


def open_link(url: QUrl) -> None:
    """Open a clicked link in the system browser, if it is a web or mail link."""
    if url.scheme() in SAFE_SCHEMES:
        QDesktopServices.openUrl(url)


def paper_html(paper: dict[str, Any], words: list[str]) -> str:
    """The paper as the rich text the pane shows."""
    e = html.escape
    parts = [f"<h2 style='margin-bottom:4px'>{e(paper['title'])}</h2>"]
    if authors_line(paper):
        parts.append(f"<p style='color:#444; margin-top:0'>{e(authors_line(paper))}</p>")
    meta = [str(v) for v in (paper.get("year"), paper.get("venue")) if v] + page_facts(paper)
    ids = [f"arXiv:{paper['arxiv_id']}" if paper.get("arxiv_id") else ""]
    ids += [f"doi:{paper['doi']}" if paper.get("doi") else ""]
    line = " · ".join(e(m) for m in [*meta, *filter(None, ids)])
    parts.append(f"<p style='color:#555'>{_status(paper['status'])}&nbsp;&nbsp;{line}</p>")
    if paper["tags"]:
        parts.append("<p>" + "&nbsp;".join(_chip(t) for t in paper["tags"]) + "</p>")
    if paper["links"]:
        links = "<br>".join(
            f"<a href='{e(u, quote=True)}'>{e(u)}</a>" for u in paper["links"] if _safe(u)
        )
        parts.append(f"<p>{links}</p>")
    abstract = paper["abstract"] or "(no abstract)"
    parts.append(f"<p style='line-height:140%'>{highlight(abstract, words)}</p>")
    if paper.get("note"):
        note = e(paper["note"]).replace("\n", "<br>")
        parts.append(f"<h4 style='margin-bottom:2px'>Note</h4><p>{note}</p>")
    return "\n".join(parts)


def highlight(text: str, words: list[str]) -> str:
    """``text`` escaped as HTML, with words starting like a search word marked."""
    stems = sorted({_stem(w) for w in words if len(_stem(w)) >= 2}, key=len, reverse=True)
    if not stems:
        return html.escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<span style='background-color:#fff0a0'>{html.escape(match.group())}</span>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _stem(word: str) -> str:
    """A rough stem, enough to highlight "heads" for "head" and "retrieval" for "retrieving"."""
    word = word.strip("*~\"'").lower()
    for suffix in ("ing", "ies", "es", "s", "ed", "al"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _status(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#555")
    return f"<b style='color:{colour}'>{STATUS_LABELS.get(status, status)}</b>"


def _chip(tag: str) -> str:
    return (
        "<span style='background-color:#e8eef7; color:#1d3b66'>"
        f"&nbsp;{html.escape(tag)}&nbsp;</span>"
    )


def _safe(url: str) -> bool:
    return QUrl(url).scheme() in SAFE_SCHEMES

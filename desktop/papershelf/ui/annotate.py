"""Annotating the current paper from the keyboard: highlights, their colours and comments,
the note, and moving between annotations.

``h`` highlights what is selected in the detail pane (Enter moves there; Shift+arrows select)
and opens the comment bar; with the caret in a highlight and nothing selected it opens that
highlight's comment. ``1``-``5`` colour the highlight under the caret, else the one made last;
with neither they choose the colour of the next. ``]`` and ``[`` go from one highlight to the
next. Each change is one core operation through the window's runner, so it is undoable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from papershelf.core import annotations as annotations_core
from papershelf.core.annotations import COLOURS, Highlight

SELECT_FIRST = (  # shown translated
    "Select words of the title or abstract first: Enter moves to the paper, Shift+arrows select."
)


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Annotate", text)


class Annotator:
    """The window's highlight and note actions."""

    def __init__(self, window: Any):
        self.window = window
        self.colour = 1  # the colour of the next highlight
        self.last: int | None = None  # the highlight made last, on the paper shown

    @property
    def detail(self) -> Any:
        return self.window.detail

    def _paper_id(self) -> int | None:
        paper = self.detail.paper
        if paper is None:
            self.window.statusBar().showMessage(tr("Select a paper first."), 3000)
            return None
        return int(paper["id"])

    def highlight(self) -> None:
        """Highlight the selection, or open the comment of the highlight at the caret."""
        paper_id = self._paper_id()
        if paper_id is None:
            return
        span = self.detail.selection_span()
        if span is None:
            mark = self.detail.highlight_at_caret() if self.detail.hasFocus() else None
            if mark is not None:
                self.window.comment_entry.start(mark.id, mark.comment)
            else:
                self.window.statusBar().showMessage(tr(SELECT_FIRST), 5000)
            return
        field, start, stop = span
        made: list[int] = []

        def operation(library: Any) -> Any:
            changes, new_id = annotations_core.add_highlight(
                library, paper_id, field, start, stop, colour=self.colour
            )
            made.append(new_id)
            return changes

        if self.window.ops.run(operation) is not None:
            self.last = made[0]
            self.window.comment_entry.start(made[0], "")

    def comment(self, highlight_id: int, text: str) -> None:
        """Save the comment typed in the bar."""
        self.window.ops.run(
            lambda library: annotations_core.set_highlight(library, highlight_id, comment=text),
            quiet=not text,
        )
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_colour(self, colour: int) -> None:
        """Colour the highlight at the caret (or the one made last), or the next one."""
        mark = self._target()
        name = COLOURS[colour - 1]
        if mark is None:
            self.colour = colour
            said = tr("The next highlight will be {colour}.").format(colour=tr(name))
            self.window.statusBar().showMessage(said, 3000)
            return
        self.colour = colour
        self.window.ops.run(
            lambda library: annotations_core.set_highlight(library, mark.id, colour=colour)
        )

    def remove(self) -> None:
        """Remove the highlight at the caret (undoable)."""
        mark = self._target()
        if mark is None:
            self.window.statusBar().showMessage(tr("Put the caret in a highlight first."), 4000)
            return
        self.window.ops.run(lambda library: annotations_core.remove_highlight(library, mark.id))

    def _target(self) -> Highlight | None:
        marks = self.detail.highlights
        at_caret = self.detail.highlight_at_caret()
        if at_caret is not None:
            return at_caret
        return next((h for h in marks if h.id == self.last), None)

    def step(self, direction: int) -> None:
        """Select the next (1) or previous (-1) highlight of the paper in the detail pane."""
        marks = [h for h in self.detail.highlights if not h.lost]
        if not marks:
            self.window.statusBar().showMessage(tr("This paper has no highlights."), 3000)
            return
        here = self.detail.highlight_at_caret()
        index = marks.index(here) if here in marks else (-1 if direction > 0 else 0)
        mark = marks[(index + direction) % len(marks)]
        self.jump(str(mark.id))

    def jump(self, target: str) -> None:
        """Go to an annotation: "note" opens the note, a highlight's id selects its words."""
        if target == "note":
            self.window.edit_note()
            return
        if target.isdigit():
            self.detail.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.detail.show_highlight(int(target))

    def paper_changed(self) -> None:
        """Another paper is shown: "the one made last" no longer applies."""
        self.last = None

"""Finding highlights again when the text under them changes: by their quote and context.

A corrected title, or a page's one-line summary replaced by the paper's real abstract, moves
the characters a highlight spans. Each highlight keeps its exact quote and a little text on
each side, and is placed where the quote stands now; of several places, where its surroundings
fit best. One whose quote is gone is kept and flagged ``lost``: shown in the paper's
annotations list with its quote, never dropped.
"""

from __future__ import annotations

from papershelf.core.journal import Journal


def reanchor(journal: Journal, paper_id: int, field: str, text: str) -> None:
    """Place a field's highlights on its new ``text`` by their quotes (inside an operation);
    one whose quote is no longer there stays, flagged lost."""
    rows = journal.conn.execute(
        "SELECT id, start, stop, quote, prefix, suffix FROM highlights "
        "WHERE paper_id = ? AND field = ?",
        [paper_id, field],
    ).fetchall()
    for highlight_id, start, stop, quote, prefix, suffix in rows:
        at = find_quote(text, quote, prefix, suffix, start)
        if at is None:
            journal.update("highlights", [(highlight_id,)], {"lost": 1})
        elif (at, at + len(quote)) != (start, stop):
            journal.update(
                "highlights", [(highlight_id,)], {"start": at, "stop": at + len(quote), "lost": 0}
            )


def find_quote(text: str, quote: str, prefix: str, suffix: str, near: int) -> int | None:
    """Where ``quote`` is in ``text``: of several places, the one whose surroundings match
    ``prefix`` and ``suffix`` best, then the nearest to where it was."""
    places = []
    at = text.find(quote)
    while at != -1:
        places.append(at)
        at = text.find(quote, at + 1)
    if not places:
        return None

    def fit(at: int) -> tuple[int, int]:
        before = text[max(0, at - len(prefix)) : at]
        after = text[at + len(quote) : at + len(quote) + len(suffix)]
        return (-(_common_suffix(before, prefix) + _common_prefix(after, suffix)), abs(at - near))

    return min(places, key=fit)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])

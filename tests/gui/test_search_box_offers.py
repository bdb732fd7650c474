"""The search box offers to finish field names, tags and the values of is:, has: and sort:,
from the keyboard: Down to choose, Enter to take; Enter without a choice searches."""

from __future__ import annotations

import pytest
from helpers import focused, press
from PySide6.QtCore import Qt

from papershelf.core import operations as ops

pytestmark = pytest.mark.timeout(60)


def _typing(qtbot, window, text: str) -> None:
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    qtbot.keyClicks(window.search, text)


def _key(qtbot, window, key) -> None:
    """A key as the user's keyboard delivers it: to the list of offers while it is shown
    (a popup takes the keyboard), else to the search box."""
    popup = window.search.offer_list
    qtbot.keyClick(popup if popup.isVisible() else window.search, key)


def test_a_field_name_then_its_value_are_taken_from_the_keyboard(qtbot, window) -> None:
    _typing(qtbot, window, "ta")
    assert window.search.offers() == ["tag:"]
    _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.search.text() == "tag:"
    ops.add_tag(window.library, [1, 2], "retrieval")
    ops.add_tag(window.library, [3], "rag")
    qtbot.keyClicks(window.search, "re")
    assert window.search.offers() == ["tag:retrieval"]
    _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.search.text() == "tag:retrieval "
    with qtbot.waitSignal(window.search.accepted, timeout=2000):  # on to the list
        _key(qtbot, window, Qt.Key.Key_Return)  # nothing offered: Enter searches
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)


def test_enter_without_a_choice_searches_what_was_typed(qtbot, window) -> None:
    _typing(qtbot, window, "is:rea")
    assert window.search.offers() == ["is:reading", "is:read"]
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.search.text() == "is:rea"  # not replaced
    assert not window.search.offers()

"""The action registry is the single source of menus, palette, sheet and README table."""

from __future__ import annotations

import re
from pathlib import Path

from papershelf.ui.actions import (
    ACTIONS,
    ASKS_MORE,
    MENU_ONLY,
    display_key,
    is_plain,
    markdown_table,
)
from papershelf.ui.dialogs import ShortcutSheet

README = Path(__file__).parents[2] / "README.md"
START, END = "<!-- shortcuts:start -->", "<!-- shortcuts:end -->"


def readme_section() -> str:
    """What the README holds between the shortcut markers."""
    text = README.read_text(encoding="utf-8")
    match = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.DOTALL)
    assert match, "the README lost its shortcut markers"
    return match.group(1)


def test_every_action_has_a_name_description_and_keys():
    names = [a.name for a in ACTIONS]
    assert len(names) == len(set(names))
    for action in ACTIONS:
        assert action.description.strip(), action.name
        # Only what cannot be taken back by a slip of the hand has no key of its own.
        assert action.keys or action.name in MENU_ONLY, action.name


def test_no_key_is_bound_twice():
    keys = [k.lower() for a in ACTIONS for k in a.keys]
    assert len(keys) == len(set(keys))


def test_every_action_appears_in_the_sheet(qtbot):
    sheet = ShortcutSheet(ACTIONS)
    qtbot.addWidget(sheet)
    texts = sheet.texts()
    for action in ACTIONS:
        assert action.name in texts
        assert action.description in texts


def test_every_action_appears_in_the_readme_table():
    section = readme_section()
    assert section == markdown_table(), "regenerate: python -m papershelf.ui.actions"
    for action in ACTIONS:
        assert f"**{action.name}**" in section
        for key in action.keys:
            assert display_key(key).replace("|", "\\|") in section


def test_single_letter_keys_only_act_in_panes():
    assert is_plain("R") and is_plain("Shift+T") and is_plain("?") and is_plain("/")
    assert not is_plain("Ctrl+V") and not is_plain("F1") and not is_plain("Esc")


def test_the_window_menus_hold_every_action(window):
    names = {a.data() for m in window.menuBar().actions() for a in m.menu().actions()}
    assert names == {a.name for a in ACTIONS}


def test_menu_items_that_ask_for_more_end_in_an_ellipsis(window) -> None:
    assert {a.name for a in ACTIONS} >= ASKS_MORE
    texts = {q.data(): q.text() for qs in window.qactions.values() for q in qs}
    assert texts["Restore from backup"] == "Restore from backup…"
    assert texts["Export"] == "Export…"
    assert texts["Mark read"] == "Mark read"

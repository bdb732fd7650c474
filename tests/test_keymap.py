"""Key bindings as data (no Qt): where keys act, conflicts, changes kept apart from defaults."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papershelf.ui.keymap import Conflict, Keymap, dump, is_plain, is_single, load

DEFAULTS = {
    "Mark read": ("R",),
    "Mark unread": ("U",),
    "Next paper": ("J", "Down"),
    "Export": ("Ctrl+E",),
    "Move to trash": ("Delete",),
    "Focus search": ("/", "Ctrl+F"),
    "Empty trash": (),
}


@pytest.mark.parametrize(
    ("key", "plain", "single"),
    [
        ("R", True, True),
        ("Shift+T", True, True),
        ("?", True, True),
        ("/", True, True),
        ("1", True, True),
        ("Space", True, True),
        ("Down", True, False),
        ("Return", True, False),
        ("Delete", True, False),
        ("Esc", False, False),
        ("F1", False, False),
        ("Ctrl+E", False, False),
        ("Ctrl++", False, False),
        ("Alt+R", False, False),
        ("Meta+K", False, False),
    ],
)
def test_where_a_key_acts(key, plain, single):
    assert is_plain(key) is plain
    assert is_single(key) is single


def test_the_defaults_until_changed():
    keys = Keymap(DEFAULTS)
    assert keys.keys("Next paper") == ("J", "Down")
    assert keys.owner("r") == "Mark read"  # case does not matter
    assert keys.owner("X") is None
    assert keys.changes() == {}


def test_binding_keeps_only_what_differs_from_the_defaults():
    keys = Keymap(DEFAULTS)
    keys.bind("Mark read", ["X"])
    assert keys.keys("Mark read") == ("X",)
    assert keys.owner("R") is None
    assert keys.changes() == {"Mark read": ("X",)}
    keys.bind("Mark read", ["r"])  # the default again, whatever its spelling
    assert keys.changes() == {}
    keys.add("Mark read", "Shift+X")
    assert keys.keys("Mark read") == ("R", "Shift+X")
    keys.add("Mark read", "shift+x")  # already there
    assert keys.keys("Mark read") == ("R", "Shift+X")


@pytest.mark.parametrize(
    ("action", "key", "other"),
    [
        ("Mark read", "U", "Mark unread"),
        ("Mark read", "Ctrl+E", "Export"),
        ("Export", "j", "Next paper"),
        ("Empty trash", "Delete", "Move to trash"),
        ("Mark read", "Tab", None),  # moves between controls
    ],
)
def test_a_key_another_action_has_is_refused(action, key, other):
    keys = Keymap(DEFAULTS)
    before = keys.keys(action)
    with pytest.raises(Conflict) as refused:
        keys.bind(action, [key])
    assert (refused.value.key, refused.value.other) == (key, other)
    assert keys.keys(action) == before and keys.changes() == {}


def test_a_key_freed_can_be_taken():
    keys = Keymap(DEFAULTS)
    keys.bind("Mark unread", ["Shift+U"])
    keys.bind("Mark read", ["U"])
    assert keys.owner("U") == "Mark read"
    with pytest.raises(Conflict) as refused:
        keys.reset("Mark unread")  # its default is taken now
    assert refused.value.other == "Mark read"
    keys.reset_all()
    assert keys.changes() == {} and keys.owner("U") == "Mark unread"


def test_a_change_stored_wins_over_a_default_added_later():
    # The user gave Mark read "N" before a later version made "N" another action's default.
    defaults = {**DEFAULTS, "Edit note": ("N",)}
    keys = Keymap(defaults, {"Mark read": ("N",), "Gone since": ("G",)})
    assert keys.keys("Mark read") == ("N",)
    assert keys.keys("Edit note") == ()
    assert keys.owner("N") == "Mark read"
    assert keys.changes() == {"Mark read": ("N",)}  # the action that is gone is forgotten


def test_single_keys_off_leave_the_others_acting():
    keys = Keymap(DEFAULTS, single_keys=False)
    assert keys.acting("Mark read") == ()
    assert keys.acting("Next paper") == ("Down",)
    assert keys.acting("Focus search") == ("Ctrl+F",)
    assert keys.acting("Move to trash") == ("Delete",)
    assert keys.keys("Mark read") == ("R",)  # still bound: back when turned on
    with pytest.raises(Conflict):
        keys.bind("Mark unread", ["R"])


def test_a_normalizer_makes_spellings_equal():
    aliases = {"del": "Del", "delete": "Del"}
    keys = Keymap(DEFAULTS, normalize=lambda k: aliases.get(k.lower(), k))
    assert keys.owner("Del") == "Move to trash"
    with pytest.raises(Conflict):
        keys.bind("Mark read", ["Del"])


@given(st.lists(st.text(min_size=1), max_size=5))
def test_stored_keys_read_back_the_same(keys):
    assert load(dump(keys)) == tuple(keys)


@pytest.mark.parametrize("stored", ["", "R", "[1]", '{"a": 1}', '[""]', None, 3, "[", '["R", 2]'])
def test_unreadable_stored_keys_are_none(stored):
    assert load(stored) is None


def test_the_key_logic_needs_no_qt():
    code = "import sys, papershelf.ui.keymap; print('PySide6' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

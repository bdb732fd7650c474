"""Key bindings as data: which keys act where, the user's changes to the defaults, conflicts.

No Qt here. A key is written as Qt writes it ("Ctrl+E", "Shift+T", "R", "?"). Keys without
Ctrl/Alt/Meta that are not function keys or Esc are *plain*: they would type or move in a text
field, so they act only while the paper list or the detail pane has focus; the others act
anywhere in the window. Both kinds act in the panes, so a key can run one action only: binding
it to a second is refused, naming the first (``Conflict``).

*Single-character* keys (letters, digits, punctuation, Space, with or without Shift) are the
plain keys a user may find surprising; ``Keymap.single_keys`` off makes them do nothing, while
Enter, Delete, the arrows and everything with a modifier keep working.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence

Keys = tuple[str, ...]
RESERVED = frozenset({"tab", "backtab", "shift+tab", "shift+backtab"})  # move between controls


def is_plain(key: str) -> bool:
    """Whether a key would type or move in a text field (no Ctrl/Alt/Meta, not a function key)."""
    modifiers, last = _split(key)
    if modifiers & {"ctrl", "alt", "meta"}:
        return False
    return not (last.startswith("F") and last[1:].isdigit()) and last != "Esc"


def is_single(key: str) -> bool:
    """Whether a key types one character (``r``, ``Shift+T``, ``?``, ``1``, Space)."""
    _modifiers, last = _split(key)
    return is_plain(key) and (len(last) == 1 or last.lower() == "space")


def _split(key: str) -> tuple[set[str], str]:
    parts = key.split("+")
    modifiers = {p.lower() for p in parts[:-1]} if len(parts) > 1 else set()
    return modifiers, parts[-1] if parts[-1] else "+"


class Conflict(Exception):
    """A key refused for an action: another action has it, or it is reserved (``other`` None)."""

    def __init__(self, key: str, other: str | None) -> None:
        super().__init__(key, other)
        self.key = key
        self.other = other


class Keymap:
    """The keys of every action: the defaults, with the user's changes over them.

    ``normalize`` makes two spellings of one key equal ("Delete" and "Del"); the window passes
    Qt's, the default compares case-insensitively.
    """

    def __init__(
        self,
        defaults: Mapping[str, Sequence[str]],
        changes: Mapping[str, Sequence[str]] | None = None,
        single_keys: bool = True,
        normalize: Callable[[str], str] = str.casefold,
    ) -> None:
        self.defaults: dict[str, Keys] = {name: tuple(keys) for name, keys in defaults.items()}
        self.single_keys = single_keys
        self._normalize = normalize
        self._changes: dict[str, Keys] = {}
        for name, keys in (changes or {}).items():
            if name in self.defaults:  # an action renamed or gone since: forgotten
                self._changes[name] = self._unique(keys)

    def same(self, a: str, b: str) -> bool:
        """Whether two spellings are the same key."""
        return self._norm(a) == self._norm(b)

    def _norm(self, key: str) -> str:
        return self._normalize(key).casefold()

    def _unique(self, keys: Iterable[str]) -> Keys:
        seen: dict[str, str] = {}
        for key in keys:
            seen.setdefault(self._norm(key), key)
        return tuple(seen.values())

    def keys(self, name: str) -> Keys:
        """The keys bound to an action (its defaults, less those a changed action took)."""
        if name in self._changes:
            return self._changes[name]
        taken = {self._norm(k) for other, ks in self._changes.items() if other != name for k in ks}
        return tuple(k for k in self.defaults[name] if self._norm(k) not in taken)

    def acting(self, name: str) -> Keys:
        """The keys that run the action: its keys, less single characters when those are off."""
        return tuple(k for k in self.keys(name) if self.single_keys or not is_single(k))

    def owner(self, key: str) -> str | None:
        """The action the key is bound to, if any."""
        wanted = self._norm(key)
        for name in self.defaults:
            if any(self._norm(k) == wanted for k in self.keys(name)):
                return name
        return None

    def conflict(self, name: str, keys: Iterable[str]) -> Conflict | None:
        """Why ``keys`` cannot all be the action's keys (the first refused), or None."""
        for key in keys:
            if self._norm(key) in RESERVED:
                return Conflict(key, None)
            other = self.owner(key)
            if other is not None and other != name:
                return Conflict(key, other)
        return None

    def bind(self, name: str, keys: Iterable[str]) -> None:
        """Make ``keys`` the action's keys; raises ``Conflict`` (and changes nothing) if one of
        them is another action's or reserved."""
        wanted = self._unique(keys)
        refused = self.conflict(name, wanted)
        if refused is not None:
            raise refused
        if [self._norm(k) for k in wanted] == [self._norm(k) for k in self.defaults[name]]:
            self._changes.pop(name, None)
        else:
            self._changes[name] = wanted

    def add(self, name: str, key: str) -> None:
        """Bind one more key to the action (raises ``Conflict``)."""
        self.bind(name, (*self.keys(name), key))

    def reset(self, name: str) -> None:
        """Give the action back its default keys (raises ``Conflict`` if another has one)."""
        self.bind(name, self.defaults[name])

    def reset_all(self) -> None:
        """Every action back to its default keys."""
        self._changes.clear()

    def is_default(self, name: str) -> bool:
        """Whether the action has its default keys."""
        return name not in self._changes

    def changes(self) -> dict[str, Keys]:
        """The actions whose keys differ from the defaults, with their keys (what is stored)."""
        return dict(self._changes)


def dump(keys: Sequence[str]) -> str:
    """One action's keys as stored (JSON: a key may hold a comma or a semicolon)."""
    return json.dumps(list(keys))


def load(text: object) -> Keys | None:
    """One action's keys from what was stored; None if it is not a list of key names."""
    try:
        value = json.loads(str(text))
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(k, str) and k for k in value):
        return None
    return tuple(value)

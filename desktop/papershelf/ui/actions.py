"""The one registry of user actions: name, description, default keys and what each does.

Menus, the command palette, the shortcut sheet and the README's shortcut table are all built
from ``ACTIONS``. Keys without Ctrl/Alt (single letters, ``/``, ``?``, Enter, arrows) act only
while the paper list or the detail pane has focus, so typing in a text field never triggers
them; keys with a modifier and function keys work anywhere in the window.

The keys are the defaults: the user's own (Preferences) are kept in the settings as changes
to them (``ui.keymap``) and applied to the window's QActions, which the menus show; ``bound``
gives the actions with the keys that act, for the palette and the shortcut sheet. The README
lists the defaults.

Names and descriptions are shown in the user's language (``shown_name``,
``shown_description``); ``Action.name`` itself stays English, since code, the QActions' data
and the settings look actions up by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from papershelf.core.annotations import COLOURS
from papershelf.ui import keymap
from papershelf.ui.keymap import Keymap, is_plain
from papershelf.ui.related import focus_related

Handler = Callable[[Any], None]
MENU_ONLY = {
    "Empty trash",
    "Restore from backup",
    "Read next like this tag",  # also on a tag's context menu in the sidebar
    "Show log",
    "About Papershelf",
}  # no default key: run from the menu or the palette
MENUS = ("File", "Edit", "Go", "Paper", "Help")
# Actions that ask for more before they act (a dialog, a confirmation): "…" in their menus.
ASKS_MORE = {
    "Import file",
    "Export",
    "Empty trash",
    "Restore from backup",
    "Edit paper",
    "Rename tag",
    "Save search",
    "Preferences",
}
KEYS_GROUP = "shortcuts"  # in the settings: one entry per action whose keys the user changed
SINGLE_KEYS = "keys/single_keys"  # "false": single-character keys do nothing
DISPLAY_NAMES = {"Return": "Enter", "Del": "Delete"}


@dataclass(frozen=True)
class Action:
    """A user action: what it is called, what it does, its default keys and its handler."""

    name: str
    description: str
    keys: tuple[str, ...]
    handler: Handler
    menu: str


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Actions", text)


def shown_name(action: Action) -> str:
    """The action's name as the menus, the palette and the shortcut sheet show it (``name``
    itself stays English: code looks actions up by it)."""
    return tr(action.name)


def shown_description(action: Action) -> str:
    """What the action does, in the user's language."""
    return tr(action.description)


def display_key(key: str) -> str:
    """How a key is written in help: single letters lower-case (``r``), the rest as Qt names."""
    if len(key) == 1:
        return key.lower()
    if key.endswith("++"):  # Ctrl++
        return key
    return "+".join(DISPLAY_NAMES.get(part, part) for part in key.split("+"))


def _set_colour(n: int) -> Handler:
    """The handler of "Colour n": colour the highlight at the caret with the n-th colour."""
    return lambda w: w.set_colour(n)


ACTIONS: tuple[Action, ...] = (
    Action("Import clipboard", "Import the papers on the clipboard, after a preview",
           ("Ctrl+V",), lambda w: w.import_clipboard(), "File"),
    Action("Import file", "Choose a file of papers to import, after a preview",
           ("Ctrl+O",), lambda w: w.import_file(), "File"),
    Action("Undo import", "Remove the papers the import chosen in the sidebar added",
           ("Ctrl+Shift+Delete",), lambda w: w.undo_import(), "File"),
    Action("Export", "Export the selected papers, or those shown, as BibTeX, RIS, CSL-JSON, "
           "CSV, JSON or Markdown notes", ("Ctrl+E",), lambda w: w.export(), "File"),
    Action("Empty trash", "Delete the papers in the trash for good (asks first)",
           (), lambda w: w.empty_trash(), "File"),
    Action("Restore from backup", "Replace the library with one of its backups (asks first)",
           (), lambda w: w.restore_backup(), "File"),
    Action("Quit", "Close Papershelf", ("Ctrl+Q",), lambda w: w.close(), "File"),
    Action("Undo", "Undo the last change, whatever it was (also after a restart)",
           ("Ctrl+Z",), lambda w: w.undo(), "Edit"),
    Action("Redo", "Redo the change undone last",
           ("Ctrl+Shift+Z", "Ctrl+Y"), lambda w: w.redo(), "Edit"),
    Action("Edit note", "Write the paper's Markdown note, beside its preview",
           ("N",), lambda w: w.edit_note(), "Edit"),
    Action("Highlight", "Highlight the words selected in the detail pane; then a comment",
           ("H",), lambda w: w.highlight(), "Edit"),
    *(
        Action(f"Colour {name}", f"Colour the highlight at the caret {name} (or the next one)",
               (str(n),), _set_colour(n), "Edit")
        for n, name in enumerate(COLOURS, start=1)
    ),
    Action("Remove highlight", "Remove the highlight at the caret",
           ("Shift+H",), lambda w: w.remove_highlight(), "Edit"),
    Action("Next highlight", "Go to the paper's next highlight",
           ("]",), lambda w: w.step_highlight(1), "Edit"),
    Action("Previous highlight", "Go to the paper's previous highlight",
           ("[",), lambda w: w.step_highlight(-1), "Edit"),
    Action("Edit paper", "Correct the paper's title, authors, year, venue, DOI, arXiv id, links",
           ("E",), lambda w: w.edit_paper(), "Edit"),
    Action("Move to trash", "Move the selected papers to the trash",
           ("Delete",), lambda w: w.move_to_trash(), "Edit"),
    Action("Restore from trash", "Bring the selected papers back from the trash",
           ("Ctrl+Shift+R",), lambda w: w.restore_from_trash(), "Edit"),
    Action("Rename tag", "Rename the tag chosen in the sidebar; a name in use merges the two",
           ("F2",), lambda w: w.rename_tag(), "Edit"),
    Action("Preferences", "Change the keys, the theme and the font size; see where the library is",
           ("Ctrl+,",), lambda w: _preferences(w), "Edit"),
    Action("Focus search", "Put the cursor in the search box",
           ("/", "Ctrl+F", "Ctrl+L"), lambda w: w.focus_search(), "Go"),
    Action("Save search", "Name the current search; the sidebar lists it with its count "
           "(F2 renames it there, Delete removes it, Alt+Up/Down move it)",
           ("Ctrl+S",), lambda w: w.save_search(), "Go"),
    Action("Read next like this tag", "Show the unread papers most like those of the tag "
           "chosen in the sidebar", (), lambda w: w.read_next_like_tag(), "Go"),
    Action("Use suggestion", "Search for the spelling suggested under the search box "
           "(\"Did you mean ...?\")", ("Ctrl+.",), lambda w: w.use_suggestion(), "Go"),
    Action("Back to the list", "Return to the paper list; in the list, clear the search",
           ("Esc",), lambda w: w.back_to_list(), "Go"),
    Action("Next paper", "Select the next paper in the list",
           ("J", "Down"), lambda w: w.move_selection(1), "Go"),
    Action("Previous paper", "Select the previous paper in the list",
           ("K", "Up"), lambda w: w.move_selection(-1), "Go"),
    Action("Focus details", "Move to the detail pane of the current paper",
           ("Return",), lambda w: w.focus_detail(), "Go"),
    Action("Related papers", "Move to the papers most like this one, under its details "
           "(j/k move, Enter opens one)", ("S",), focus_related, "Go"),
    Action("Command palette", "Find any action by name and run it",
           ("Ctrl+K", "Ctrl+Shift+P"), lambda w: w.show_palette(), "Go"),
    Action("Mark read", "Mark the selected papers read",
           ("R",), lambda w: w.set_status("read"), "Paper"),
    Action("Mark unread", "Mark the selected papers unread",
           ("U",), lambda w: w.set_status("unread"), "Paper"),
    Action("Mark reading", "Mark the selected papers as in progress",
           ("I",), lambda w: w.set_status("reading"), "Paper"),
    Action("Copy citation", "Copy the selected papers' citation as BibTeX",
           ("C",), lambda w: w.copy_citation(), "Paper"),
    Action("Open link", "Open the current paper's first link in the browser",
           ("O",), lambda w: w.open_paper_link(), "Paper"),
    Action("Add tag", "Tag the selected papers (with completion)",
           ("T",), lambda w: w.start_tagging(True), "Paper"),
    Action("Remove tag", "Remove a tag from the selected papers",
           ("Shift+T",), lambda w: w.start_tagging(False), "Paper"),
    Action("Keyboard shortcuts", "Show every action with its keys",
           ("?", "F1"), lambda w: w.show_shortcuts(), "Help"),
    Action("Show log", "Show the end of Papershelf's log (warnings, errors, what a crash left)",
           (), lambda w: w.show_log(), "Help"),
    Action("About Papershelf", "The versions of Papershelf and what it runs on; where the "
           "library and the log are", (), lambda w: w.show_about(), "Help"),
)  # fmt: skip


def by_name(name: str, actions: Iterable[Action] = ACTIONS) -> Action:
    """The action called ``name``."""
    for action in actions:
        if action.name == name:
            return action
    raise KeyError(name)


def install(
    actions: Iterable[Action],
    window: Any,
    panes: list[QWidget],
    menubar: QMenuBar,
    settings: QSettings | None = None,
) -> dict[str, list[QAction]]:
    """Create the QActions for every action and the menus, with the keys ``settings`` hold.

    Each action has two QActions: one for the keys that act window-wide, one (on the panes) for
    the plain keys; the menu shows the one holding the action's first key.
    """
    actions = tuple(actions)
    menus = {name: menubar.addMenu(tr("&" + name)) for name in MENUS}
    made: dict[str, list[QAction]] = {}
    for action in actions:
        whole = _qaction(action, window, Qt.ShortcutContext.WindowShortcut)
        window.addAction(whole)
        pane = _qaction(action, window, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in panes:
            widget.addAction(pane)
        menus[action.menu].addAction(whole)
        made[action.name] = [whole, pane]
    keys = load_keymap(settings, actions) if settings is not None else default_keymap(actions)
    apply_keymap(made, keys)
    return made


def _qaction(action: Action, window: Any, context: Qt.ShortcutContext) -> QAction:
    qaction = QAction(shown_name(action) + ("…" if action.name in ASKS_MORE else ""), window)
    qaction.setData(action.name)  # the text may change ("Undo tag 'rag' on 12 papers")
    qaction.setShortcutContext(context)
    qaction.setStatusTip(shown_description(action))
    qaction.setToolTip(shown_description(action))
    qaction.triggered.connect(lambda _=False, a=action: a.handler(window))
    return qaction


def _preferences(window: Any) -> None:
    from papershelf.ui import preferences  # the dialog is built on this registry

    preferences.open_for(window)


# -- the user's keys ---------------------------------------------------------------------------


def qt_key(key: str) -> str:
    """A key as Qt writes it ("Delete" is "Del"), so that two spellings compare equal."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def default_keymap(actions: Iterable[Action] = ACTIONS) -> Keymap:
    """The actions' default keys, single-character keys on."""
    return Keymap({a.name: a.keys for a in actions}, normalize=qt_key)


def load_keymap(settings: QSettings, actions: Iterable[Action] = ACTIONS) -> Keymap:
    """The keys the settings hold: the defaults with the user's changes (unreadable ones are
    forgotten), and whether single-character keys act."""
    settings.beginGroup(KEYS_GROUP)
    try:
        stored = {name: keymap.load(settings.value(name)) for name in settings.childKeys()}
    finally:
        settings.endGroup()
    changes = {name: keys for name, keys in stored.items() if keys is not None}
    single = str(settings.value(SINGLE_KEYS, "true")).lower() != "false"
    defaults = {a.name: a.keys for a in actions}
    return Keymap(defaults, changes, single_keys=single, normalize=qt_key)


def save_keymap(settings: QSettings, keys: Keymap) -> None:
    """Store the keys that differ from the defaults (only those) and the single-key choice."""
    settings.remove(KEYS_GROUP)
    for name, bound_keys in keys.changes().items():
        settings.setValue(f"{KEYS_GROUP}/{name}", keymap.dump(bound_keys))
    if keys.single_keys:
        settings.remove(SINGLE_KEYS)
    else:
        settings.setValue(SINGLE_KEYS, "false")
    settings.sync()


def apply_keymap(qactions: dict[str, list[QAction]], keys: Keymap) -> None:
    """Give the QAction pairs ``install`` made the keys that act now; each menu shows the
    QAction holding its action's first key."""
    for name, (whole, pane) in qactions.items():
        acting = keys.acting(name)
        whole.setShortcuts([QKeySequence(k) for k in acting if not is_plain(k)])
        pane.setShortcuts([QKeySequence(k) for k in acting if is_plain(k)])
        shown, hidden = (pane, whole) if acting and is_plain(acting[0]) else (whole, pane)
        for menu in hidden.associatedObjects():
            if isinstance(menu, QMenu):
                menu.insertAction(hidden, shown)
                menu.removeAction(hidden)


def bound(settings: QSettings | None, actions: Iterable[Action] = ACTIONS) -> tuple[Action, ...]:
    """The actions with the keys that act in a window on ``settings`` (for the command palette
    and the shortcut sheet); the defaults without settings."""
    actions = tuple(actions)
    keys = load_keymap(settings, actions) if settings is not None else default_keymap(actions)
    return tuple(replace(a, keys=keys.acting(a.name)) for a in actions)


def shortcut_rows(actions: Iterable[Action] = ACTIONS) -> list[tuple[str, str, str]]:
    """(keys, name, description) for every action, in registry order, as the shortcut sheet
    shows them (in the user's language)."""
    return [
        (", ".join(display_key(k) for k in a.keys), shown_name(a), shown_description(a))
        for a in actions
    ]


def markdown_table(actions: Iterable[Action] = ACTIONS) -> str:
    """The README's shortcut table, generated from the registry."""
    lines = ["| key | action |", "|---|---|"]
    for action in actions:
        keys = ", ".join(f"`{display_key(k)}`" for k in action.keys)
        keys = keys.replace("`|`", "`\\|`") or "—"
        lines.append(f"| {keys} | **{action.name}**: {action.description} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m papershelf.ui.actions: the README's table
    print(markdown_table(), end="")

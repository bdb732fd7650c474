"""Preferences: keys rebound live and kept, conflicts refused, single keys off, font, theme."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import count, focused, press
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from conftest import open_window
from papershelf.ui import actions as registry
from papershelf.ui import preferences, style, theme
from papershelf.ui.dialogs import ShortcutSheet
from papershelf.ui.preferences import PreferencesDialog
from papershelf.ui.window import MainWindow

Role = QPalette.ColorRole


@pytest.fixture(autouse=True)
def look(qapp) -> Iterator[None]:
    """Whatever a test does to the application's look is undone after it."""
    font, sheet, kind = QFont(qapp.font()), qapp.styleSheet(), qapp.style().name()
    yield
    qapp.setStyle(kind)
    theme.apply(qapp, "system")
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


def open_preferences(qtbot, window) -> PreferencesDialog:
    """Ctrl+, from the list: the Preferences, the keyboard in its table of keys."""
    press(qtbot, window.list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PreferencesDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PreferencesDialog)
    focused(qtbot, dialog.keys.table)
    return dialog


def choose(qtbot, dialog: PreferencesDialog, name: str) -> None:
    """Type an action's name in the filter; Enter goes to it in the table."""
    page = dialog.keys
    page.filter.setFocus()
    focused(qtbot, page.filter)
    page.filter.clear()
    qtbot.keyClicks(page.filter, name)
    press(qtbot, page.filter, Qt.Key.Key_Return)
    focused(qtbot, page.table)
    assert page.current().name == name


def record(qtbot, dialog: PreferencesDialog, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Enter on the chosen action, then the new key."""
    page = dialog.keys
    press(qtbot, page.table, Qt.Key.Key_Return)
    focused(qtbot, page.recorder)
    press(qtbot, page.recorder, key, modifier)


def close(qtbot, window, dialog: PreferencesDialog) -> None:
    """Esc closes the Preferences; the keyboard is back in the list."""
    dialog.keys.table.setFocus()
    focused(qtbot, dialog.keys.table)
    press(qtbot, dialog.keys.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    focused(qtbot, window.list)


def keys_shown(dialog: PreferencesDialog, name: str) -> str:
    """What the table's Keys column says for an action."""
    page = dialog.keys
    row = [a.name for a in page.commands].index(name)
    return page.table.item(row, 2).text()


def menu_item(window, name: str):
    """The QAction an action's menu shows."""
    for menu_action in window.menuBar().actions():
        for qaction in menu_action.menu().actions():
            if qaction.data() == name:
                return qaction
    raise KeyError(name)


def test_a_rebound_key_acts_and_the_old_one_no_longer_does(qtbot, window):
    dialog = open_preferences(qtbot, window)
    choose(qtbot, dialog, "Mark read")
    record(qtbot, dialog, "x")
    focused(qtbot, dialog.keys.table)  # recorded: back in the table
    assert keys_shown(dialog, "Mark read") == "x"
    assert menu_item(window, "Mark read").shortcut().toString() == "X"
    close(qtbot, window, dialog)
    press(qtbot, window.list, "r")
    assert count(window, "status", "read") == 0
    press(qtbot, window.list, "x")
    qtbot.waitUntil(lambda: count(window, "status", "read") == 1)


def test_a_key_with_a_modifier_acts_anywhere_in_the_window(qtbot, window):
    menu = [m.menu() for m in window.menuBar().actions() if m.text() == "&Paper"][0]
    order = [a.data() for a in menu.actions()]
    dialog = open_preferences(qtbot, window)
    choose(qtbot, dialog, "Mark read")
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    record(qtbot, dialog, Qt.Key.Key_M, modifiers)
    assert keys_shown(dialog, "Mark read") == "Ctrl+Shift+M"
    assert menu_item(window, "Mark read").shortcut().toString() == "Ctrl+Shift+M"
    assert menu_item(window, "Mark read") is window.qactions["Mark read"][0]  # window-wide
    assert [a.data() for a in menu.actions()] == order  # in its place in the menu
    close(qtbot, window, dialog)
    press(qtbot, window.list, "/")
    focused(qtbot, window.search)
    press(qtbot, window.search, Qt.Key.Key_M, modifiers)
    qtbot.waitUntil(lambda: count(window, "status", "read") == 1)
    assert window.search.text() == ""


@pytest.mark.parametrize(
    ("key", "modifier", "other"),
    [
        ("u", Qt.KeyboardModifier.NoModifier, "Mark unread"),
        (Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier, "Export"),
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier, "Move to trash"),
    ],
)
def test_a_key_another_action_has_is_refused_naming_it(qtbot, window, key, modifier, other):
    dialog = open_preferences(qtbot, window)
    choose(qtbot, dialog, "Mark read")
    record(qtbot, dialog, key, modifier)
    page = dialog.keys
    qtbot.waitUntil(lambda: page.refused)
    message = page.message.text()
    assert f"is already the key of “{other}”" in message
    assert message.count(".") == 1 and message.endswith(".")  # one sentence
    assert keys_shown(dialog, "Mark read") == "r"
    assert QApplication.focusWidget() is page.recorder  # the next key pressed is tried instead
    press(qtbot, page.recorder, Qt.Key.Key_Escape)  # stops recording, the dialog stays
    focused(qtbot, page.table)
    assert dialog.isVisible()
    assert registry.load_keymap(window.settings).changes() == {}


def test_a_rebound_key_survives_a_restart(qtbot, sample_library: Path, settings: QSettings):
    for window in running(qtbot, sample_library, settings):
        dialog = open_preferences(qtbot, window)
        choose(qtbot, dialog, "Mark read")
        record(qtbot, dialog, "x")
        focused(qtbot, dialog.keys.table)
        close(qtbot, window, dialog)
    for window in running(qtbot, sample_library, settings):
        assert menu_item(window, "Mark read").shortcut().toString() == "X"
        press(qtbot, window.list, "r")
        assert count(window, "status", "read") == 0
        press(qtbot, window.list, "x")
        qtbot.waitUntil(lambda w=window: count(w, "status", "read") == 1)


def running(qtbot, folder: Path, settings: QSettings) -> Iterator[MainWindow]:
    """A window on ``folder`` with ``settings``, its list shown and focused; closed after."""
    for window in open_window(qtbot, folder, settings):
        qtbot.waitUntil(lambda w=window: w.model.rowCount() > 0)
        window.list.setFocus()
        focused(qtbot, window.list)
        yield window


def test_reset_and_reset_all_bring_the_defaults_back(qtbot, window):
    dialog = open_preferences(qtbot, window)
    page = dialog.keys
    choose(qtbot, dialog, "Mark read")
    record(qtbot, dialog, "x")
    focused(qtbot, page.table)
    assert page.reset_button.isEnabled()
    page.reset_button.click()
    assert keys_shown(dialog, "Mark read") == "r"
    assert registry.load_keymap(window.settings).changes() == {}
    choose(qtbot, dialog, "Edit note")
    record(qtbot, dialog, "x")
    focused(qtbot, page.table)
    choose(qtbot, dialog, "Open link")
    page.add_button.click()
    press(qtbot, page.recorder, "w")
    assert keys_shown(dialog, "Open link") == "o, w"
    assert set(registry.load_keymap(window.settings).changes()) == {"Edit note", "Open link"}
    page.reset_all_button.click()
    assert keys_shown(dialog, "Edit note") == "n" and keys_shown(dialog, "Open link") == "o"
    window.settings.beginGroup(registry.KEYS_GROUP)
    assert window.settings.childKeys() == []  # only changes are kept: none now
    window.settings.endGroup()


def test_single_letter_keys_off_stops_r_and_keeps_ctrl_keys(qtbot, window):
    dialog = open_preferences(qtbot, window)
    page = dialog.keys
    page.single.setFocus()
    focused(qtbot, page.single)
    press(qtbot, page.single, Qt.Key.Key_Space)
    assert not page.single.isChecked()
    assert keys_shown(dialog, "Mark read") == "r (off)"
    assert keys_shown(dialog, "Next paper") == "j (off), Down"
    press(qtbot, page.single, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    focused(qtbot, window.list)
    press(qtbot, window.list, "r")
    press(qtbot, window.list, "j")
    assert count(window, "status", "read") == 0
    assert window.list.currentIndex().row() == 0
    press(qtbot, window.list, Qt.Key.Key_Down)  # not a single character: still acts
    assert window.list.currentIndex().row() == 1
    press(qtbot, window.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    focused(qtbot, window.search)
    assert str(window.settings.value(registry.SINGLE_KEYS)) == "false"
    assert [a.keys for a in registry.bound(window.settings) if a.name == "Mark read"] == [()]


def test_the_font_size_applies_at_once(qtbot, window):
    dialog = open_preferences(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.appearance)
    spin = dialog.appearance.font_size
    spin.setFocus()
    focused(qtbot, spin)
    spin.selectAll()
    qtbot.keyClicks(spin, "15")
    qtbot.waitUntil(lambda: QApplication.font().pointSizeF() == 15)
    assert window.list.font().pointSizeF() == 15
    assert window.detail.font().pointSizeF() == 15
    assert window.search.font().pointSizeF() == pytest.approx(11 * 1.5)  # the sheet, scaled
    assert float(window.settings.value(style.FONT_SIZE)) == 15
    press(qtbot, spin, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: QApplication.font().pointSizeF() == 16)


def test_dark_gives_dark_panes_and_light_light_ones(qtbot, window):
    dialog = open_preferences(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.appearance)
    combo = dialog.appearance.theme
    combo.setFocus()
    focused(qtbot, combo)
    press(qtbot, combo, Qt.Key.Key_End)
    assert combo.currentData() == "dark"
    qtbot.waitUntil(lambda: dark(window.list.palette().color(Role.Base)))
    for pane in (window.list, window.detail, window.sidebar):
        assert dark(pane.palette().color(Role.Base)), pane.objectName()
        assert dark(pane.palette().color(Role.Window)), pane.objectName()
        assert dark(background(pane)), pane.objectName()
    assert not dark(window.detail.palette().color(Role.Text))
    assert str(window.settings.value(style.THEME)) == "dark"
    press(qtbot, combo, Qt.Key.Key_Up)
    assert combo.currentData() == "light"
    qtbot.waitUntil(lambda: not dark(window.list.palette().color(Role.Base)))
    for pane in (window.list, window.detail, window.sidebar):
        assert not dark(pane.palette().color(Role.Base)), pane.objectName()
        assert not dark(background(pane)), pane.objectName()


def dark(colour: QColor) -> bool:
    return colour.lightness() < 100


def background(widget: QWidget) -> QColor:
    """The colour most of a scroll area's visible part is painted (what is behind the text)."""
    target = getattr(widget, "viewport", lambda: widget)()
    image = target.grab().toImage()
    colours = Counter(
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    )
    return QColor.fromRgb(colours.most_common(1)[0][0])


def test_the_theme_and_font_apply_at_start(qapp, settings: QSettings):
    settings.setValue(style.THEME, "dark")
    settings.setValue(style.FONT_SIZE, 13)
    style.apply(qapp, settings)
    assert theme.is_dark(qapp.palette())
    assert qapp.font().pointSizeF() == 13
    assert "palette(base)" in qapp.styleSheet() and "font-size: 14.3pt" in qapp.styleSheet()
    settings.setValue(style.THEME, "light")
    style.apply(qapp, settings)
    assert not theme.is_dark(qapp.palette())
    style.apply(qapp, None)  # no settings: the system's look (light, offscreen)
    assert not theme.is_dark(qapp.palette())
    assert style.theme_of(None) == "system"
    assert qapp.font().pointSizeF() == style.default_font_size()


def test_the_style_sheet_has_no_fixed_colours():
    sheet = re.sub(r"/\*.*?\*/", "", style.style_sheet(), flags=re.DOTALL)
    declarations = " ".join(re.findall(r"\{([^}]*)\}", sheet))
    assert "palette(base)" in declarations
    assert not re.search(r"#|rgb|hsl|\b(white|black|red|blue|gr[ae]y)\b", declarations)


def test_text_colours_follow_the_palette():
    for name in ("light", "dark"):
        palette = theme.palette_for(name)
        colours = theme.text_colours(palette)
        base, text = palette.color(Role.Base).lightness(), palette.color(Role.Text).lightness()
        low, high = sorted((base, text))
        assert low < QColor(colours.muted).lightness() < high, name  # between text and paper
        assert abs(QColor(colours.hit).lightness() - base) < 60, name  # a tint of the paper
    light = theme.text_colours(theme.palette_for("light"))
    night = theme.text_colours(theme.palette_for("dark"))
    assert QColor(night.hit).lightness() < 100 < QColor(light.hit).lightness()
    assert light.status != night.status
    paper = QPalette()
    paper.setColor(Role.Text, QColor("#000000"))
    paper.setColor(Role.Base, QColor("#ffffff"))
    plain = theme.text_colours(paper)  # black on white: the detail pane's greys until now
    assert (plain.secondary, plain.muted, plain.hit) == ("#404040", "#787878", "#ececec")


def test_the_library_page_shows_the_folder_read_only(qtbot, window, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(preferences.QDesktopServices, "openUrl", opened.append)
    dialog = open_preferences(qtbot, window)
    page = dialog.library
    assert page.path.isReadOnly()
    assert page.path.text() == str(window.library.folder)
    page.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(window.library.folder))]


def test_every_control_has_an_accessible_name(qtbot, window):
    dialog = open_preferences(qtbot, window)
    kinds = ("QAbstractButton", "QLineEdit", "QAbstractSpinBox", "QComboBox", "QAbstractItemView")
    inside = ("QTabBar", "QLineEdit", "QKeySequenceEdit", "QAbstractSpinBox", "QAbstractItemView")
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if any(w.inherits(k) for k in kinds)
        and w.window() is dialog  # not a combo box's popup
        and not w.objectName().startswith("qt_")  # Qt's own parts (a table's corner button)
        and not any(w.parent().inherits(k) for k in inside)  # parts of a control
    ]
    assert len(controls) >= 14
    for control in controls:
        assert control.accessibleName(), control.metaObject().className()


def test_the_sheet_and_the_palette_are_given_the_keys_in_use(qtbot, window):
    dialog = open_preferences(qtbot, window)
    choose(qtbot, dialog, "Mark read")
    record(qtbot, dialog, "x")
    focused(qtbot, dialog.keys.table)
    close(qtbot, window, dialog)
    sheet = ShortcutSheet(registry.bound(window.settings))
    qtbot.addWidget(sheet)
    row = [a.name for a in registry.ACTIONS].index("Mark read")
    assert sheet.table.item(row, 0).text() == "x"
    assert ShortcutSheet(registry.ACTIONS).table.item(row, 0).text() == "r"  # the defaults


def test_the_shortcut_sheet_shows_a_rebound_key(qtbot, window):
    dialog = open_preferences(qtbot, window)
    choose(qtbot, dialog, "Mark read")
    record(qtbot, dialog, "x")
    focused(qtbot, dialog.keys.table)
    close(qtbot, window, dialog)
    press(qtbot, window.list, "?")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutSheet))
    sheet = QApplication.activeModalWidget()
    row = [a.name for a in registry.ACTIONS].index("Mark read")
    try:
        assert sheet.table.item(row, 0).text() == "x"
    finally:
        press(qtbot, sheet, Qt.Key.Key_Escape)


def test_the_menus_show_a_key_only_where_it_acts(qtbot, window):
    qactions = window.qactions["Mark read"]
    assert menu_item(window, "Mark read") is qactions[1]  # the panes' QAction: "r"
    assert qactions[1].shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    assert menu_item(window, "Export") is window.qactions["Export"][0]
    menus = [a for a in window.qactions["Mark read"][1].associatedObjects() if isinstance(a, QMenu)]
    assert len(menus) == 1

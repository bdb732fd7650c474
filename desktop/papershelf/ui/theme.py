"""The themes: follow the system, light or dark, each a QPalette for the Fusion style.

The style sheet (resources/styles/papershelf.qss) names palette roles only, so choosing a
palette is choosing the whole look. "system" is the palette the platform gives, except that a
platform which says it is dark but hands Fusion a light palette gets the dark one.
``text_colours`` gives what rich text (the detail pane's HTML) needs from the same palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

THEMES = ("system", "light", "dark")
PALETTE_SET = "papershelfPalette"  # an application property: a theme's palette is in use
Role = QPalette.ColorRole
Group = QPalette.ColorGroup

LIGHT = {
    Role.Window: "#f6f7f9",
    Role.WindowText: "#1f2933",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f8f9fb",
    Role.Text: "#1f2933",
    Role.PlaceholderText: "#6b7480",
    Role.Button: "#f1f2f5",
    Role.ButtonText: "#1f2933",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#dfe2e6",
    Role.Mid: "#c9ced6",
    Role.Dark: "#9aa1ab",
    Role.Shadow: "#6b7280",
    Role.Highlight: "#2f6fd6",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#2457b3",
    Role.LinkVisited: "#6a3fb0",
    Role.ToolTipBase: "#ffffff",
    Role.ToolTipText: "#1f2933",
    Role.Accent: "#2f6fd6",
}
DARK = {
    Role.Window: "#25272b",
    Role.WindowText: "#e3e5e8",
    Role.Base: "#1b1d20",
    Role.AlternateBase: "#222428",
    Role.Text: "#e3e5e8",
    Role.PlaceholderText: "#8d949e",
    Role.Button: "#2e3136",
    Role.ButtonText: "#e3e5e8",
    Role.BrightText: "#ffffff",
    Role.Light: "#4a4e55",
    Role.Midlight: "#3a3d43",
    Role.Mid: "#50555d",
    Role.Dark: "#16181b",
    Role.Shadow: "#0b0c0d",
    Role.Highlight: "#3d7be0",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#7aaefc",
    Role.LinkVisited: "#b59af0",
    Role.ToolTipBase: "#2e3136",
    Role.ToolTipText: "#e3e5e8",
    Role.Accent: "#3d7be0",
}
DISABLED = {  # what greys out, per theme
    "light": {Role.WindowText: "#9aa1ab", Role.Text: "#9aa1ab", Role.ButtonText: "#9aa1ab"},
    "dark": {Role.WindowText: "#6b717a", Role.Text: "#6b717a", Role.ButtonText: "#6b717a"},
}


def apply(app: QGuiApplication, theme: str) -> None:
    """Give the application a theme's palette, and tell the platform (title bars, native
    dialogs) whether it is light or dark."""
    hints = app.styleHints()
    if theme in ("light", "dark"):
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
        _set(app, palette_for(theme))
        return
    hints.unsetColorScheme()
    if app.property(PALETTE_SET):  # one of ours: back to the platform's, which Qt keeps current
        app.setPalette(QPalette())
        app.setProperty(PALETTE_SET, False)
    if hints.colorScheme() == Qt.ColorScheme.Dark and not is_dark(app.palette()):
        _set(app, palette_for("dark"))


def _set(app: QGuiApplication, palette: QPalette) -> None:
    app.setPalette(palette)
    app.setProperty(PALETTE_SET, True)


def palette_for(theme: str) -> QPalette:
    """The palette of the light or the dark theme."""
    if theme == "dark":
        return _made(DARK, DISABLED["dark"])
    return _made(LIGHT, DISABLED["light"])


def _made(
    colours: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]
) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))  # every group: a window out of focus looks alike
    for role, colour in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    palette.setColor(Group.Disabled, Role.Highlight, QColor(colours[Role.Midlight]))
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on dark backgrounds."""
    return palette.color(Role.Window).lightness() < 128


@dataclass(frozen=True)
class TextColours:
    """Colours for rich text on a palette's base, as CSS colour names."""

    secondary: str  # authors, the facts line
    muted: str  # dates, hints, "(no abstract)"
    error: str  # "in the trash", a highlight whose words are gone
    hit: str  # the background of a word the search found
    chip: str  # a tag's background
    chip_text: str
    marked_text: str  # text over a (pale) highlight colour, readable in both themes
    status: dict[str, str]  # unread, reading, read


def text_colours(palette: QPalette) -> TextColours:
    """What rich text drawn on ``palette``'s base should use (black on white gives the
    greys the detail pane always had: #404040, #787878 and hits on #ececec)."""
    dark = is_dark(palette)
    base, text = palette.color(Role.Base), palette.color(Role.Text)
    return TextColours(
        secondary=_mix(text, base, 0.75).name(),
        muted=_mix(text, base, 0.53).name(),
        error="#ff7b72" if dark else "#a33333",
        hit=_mix(text, base, 0.16 if dark else 0.075).name(),
        chip=_mix(palette.color(Role.Highlight), base, 0.25 if dark else 0.12).name(),
        chip_text=text.name(),
        marked_text="#1f2933",
        status=(
            {"unread": "#6ea8fe", "reading": "#e3b341", "read": "#6cc17a"}
            if dark
            else {"unread": "#1f6feb", "reading": "#b07d00", "read": "#3a7d44"}
        ),
    )


def _mix(front: QColor, back: QColor, share: float) -> QColor:
    """``share`` of ``front`` over ``back``."""
    return QColor(
        round(front.red() * share + back.red() * (1 - share)),
        round(front.green() * share + back.green() * (1 - share)),
        round(front.blue() * share + back.blue() * (1 - share)),
    )

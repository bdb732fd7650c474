"""The look: the Fusion style, the theme and font size from the settings, the style sheet from
resources/styles and the application icon.

The style sheet's font sizes are written for the default 10 pt and scaled to the font size
chosen; its colours are palette roles, so the theme's palette (``ui.theme``) colours it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from papershelf.core.paths import resources_dir
from papershelf.ui import theme

THEME = "appearance/theme"  # "system" (by default), "light" or "dark"
FONT_SIZE = "appearance/font_size"  # points; the system's (at least 10) when not set
SHEET_SIZE = 10.0  # the size the style sheet's font sizes are written for
FONT_SIZES = (7, 32)  # what the Preferences offer
_FONT_SIZE_RULE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")


def apply(app: QApplication, settings: QSettings | None = None) -> None:
    """Use the Fusion style, the theme and font size ``settings`` hold (the defaults without),
    Papershelf's style sheet and icon."""
    app.setStyle("Fusion")
    apply_look(app, settings)
    icon = resources_dir() / "icons" / "papershelf.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def apply_look(app: QApplication, settings: QSettings | None) -> None:
    """Apply the theme and the font size (live: every open window follows)."""
    theme.apply(app, theme_of(settings))
    size = font_size_of(settings)
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    font.setPointSizeF(size)
    app.setFont(font)  # for widgets made from now on; those on screen follow the sheet's size
    app.setStyleSheet(style_sheet(size))  # again after the palette: the sheet re-reads its roles


def theme_of(settings: QSettings | None) -> str:
    """The theme chosen ("system" unless one of the others was)."""
    chosen = str(settings.value(THEME, "system")) if settings is not None else "system"
    return chosen if chosen in theme.THEMES else "system"


def default_font_size() -> float:
    """The system's font size, at least 10 pt (what was chosen before fonts had a setting)."""
    size = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return max(SHEET_SIZE, size)


def font_size_of(settings: QSettings | None) -> float:
    """The font size chosen, in points (the default when none, or an unreadable one, is)."""
    stored = settings.value(FONT_SIZE) if settings is not None else None
    try:
        size = float(str(stored)) if stored is not None else default_font_size()
    except ValueError:
        return default_font_size()
    low, high = FONT_SIZES
    return size if low <= size <= high else default_font_size()


def style_sheet(size: float = SHEET_SIZE) -> str:
    """Papershelf's style sheet, its font sizes scaled to ``size`` points ("" if it is missing)."""
    sheet = resources_dir() / "styles" / "papershelf.qss"
    if not sheet.is_file():
        return ""
    scale = size / SHEET_SIZE

    def scaled(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * scale:.1f}pt"

    return _FONT_SIZE_RULE.sub(scaled, sheet.read_text(encoding="utf-8"))

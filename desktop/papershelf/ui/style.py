"""The look: the style sheet from resources/styles and the application icon."""

from __future__ import annotations

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from papershelf.core.paths import resources_dir


def apply(app: QApplication) -> None:
    """Use the Fusion style, a readable font size, Papershelf's style sheet and icon."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    folder = resources_dir()
    sheet = folder / "styles" / "papershelf.qss"
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    icon = folder / "icons" / "papershelf.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))

"""Render resources/icons/papershelf.svg at the hicolor theme's PNG sizes, with Qt's renderer.

    .venv/bin/python packaging/render_icons.py

Writes resources/icons/papershelf-<size>.png beside the SVG (flat: every folder under resources/
is a package), which ``papershelf install-desktop`` copies into the user's icon theme. Run it
again after changing the SVG, and commit the PNGs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from papershelf.desktop_entry import ICON_SIZES  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn on a transparent square of ``size`` pixels."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.exit(f"render_icons: {svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> None:
    """Write every size."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    svg = ICONS / "papershelf.svg"
    for size in ICON_SIZES:
        target = ICONS / f"papershelf-{size}.png"
        if not render(svg, size).save(str(target)):  # PNG, by the suffix
            sys.exit(f"render_icons: could not write {target}")
        print(f"wrote {target.relative_to(ICONS.parents[1])}")


if __name__ == "__main__":
    main()

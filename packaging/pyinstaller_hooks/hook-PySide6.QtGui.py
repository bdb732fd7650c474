"""PySide6.QtGui in the bundle: PyInstaller's own hook, without the plugins Papershelf does not use.

PyInstaller collects every plugin of QtGui's kinds, and then every library those plugins link
to. Dropping them here, before that analysis (not from the finished list, in the spec), also
leaves out what only they needed: the GTK theme's Cairo, Pango and ATK from the build
machine (which could clash with the GTK of the machine it runs on), the EGLFS device
integrations and QtOpenGL behind them. Kept: the platforms the app runs on (X11, Wayland,
offscreen for headless checks, Windows, macOS), SVG for the icons, input methods.
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

KEEP = {
    "platforms": ("qxcb", "qwayland", "qoffscreen", "qwindows", "qdirect2d", "qcocoa"),
    "platformthemes": ("qxdgdesktopportal",),
    "imageformats": ("qsvg",),
    "iconengines": ("qsvgicon",),
}
DROP = {"egldeviceintegrations", "generic"}  # for embedded devices without a window system


def wanted(source: str, destination: str) -> bool:
    """Whether one collected file of QtGui's stays: a plugin only if the tables keep it."""
    if Path(destination).parent.name != "plugins":
        return True
    kind = Path(destination).name  # the plugins' folder: PySide6/Qt/plugins/KIND
    if kind in DROP:
        return False
    name = Path(source).stem.removeprefix("lib")
    return kind not in KEEP or name.startswith(KEEP[kind])


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, destination) for source, destination in binaries if wanted(source, destination)
]

"""PySide6.QtNetwork in the bundle: the library without its plugins.

Papershelf uses QtNetwork only for the local socket through which a second start hands its
files to the window already open; it makes no network connections. So neither the TLS
backends (and the OpenSSL that PyInstaller's own hook adds for them) nor the
network-information plugins are collected.
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, destination)
    for source, destination in binaries
    if Path(destination).parent.name != "plugins"
]

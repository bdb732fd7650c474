"""PySide6 reads the whole source of every module imported after it: make that a glance.

PySide6's import hook (``shibokensupport.feature``) asks of each newly imported module whether
it uses PySide6, to know whether its ``__feature__`` switches (``snake_case``,
``true_property``) apply to it. It asks by ``inspect.getsource``, which puts the module's
text in ``linecache`` for the life of the process. The window imports the full-text index,
sqlite-utils and numpy after Qt (they load behind the first screen), and their text held that
way was 19 MB of the window's memory and tens of milliseconds of its start. Here the same
question gets the same answer (whether the word ``PySide6`` is in the module's file) from the
file read as bytes and let go.

This leans on one name below PySide6's public API, ``_mod_uses_pyside``; where a release has
no such name, nothing changes and PySide6 reads sources as it always did.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

HOOK_MODULE = "shibokensupport.feature"
HOOK_NAME = "_mod_uses_pyside"


def glance_at_sources() -> bool:
    """Answer PySide6's question about each module imported from now on from its file's
    bytes; whether its hook was found (and is answered so from now on)."""
    import PySide6.QtCore  # noqa: F401, PLC0415 - PySide6's first module installs the hook

    feature = sys.modules.get(HOOK_MODULE)
    asks: Callable[[ModuleType], bool] | None = getattr(feature, HOOK_NAME, None)
    if asks is None:
        return False
    if getattr(asks, "glances", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return asks(module)  # built in, compiled or frozen: PySide6 knows what to do
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return asks(module)

    uses_pyside.glances = True  # type: ignore[attr-defined]
    setattr(feature, HOOK_NAME, uses_pyside)
    return True

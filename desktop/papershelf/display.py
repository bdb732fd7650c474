"""Whether a window can open here at all, said in one sentence before Qt says it its own way.

With no display, Qt's xcb plugin aborts with a message about missing libraries
(``libxcb-cursor0``) that sends people installing packages they already have.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

# Platforms whose Qt shows windows through X11 or Wayland, found through these variables.
_FREEDESKTOP = ("linux", "freebsd", "openbsd", "netbsd")
_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET")


def no_display_reason(
    env: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> str | None:
    """Why no window can open (no display to put it on, and no other Qt platform chosen), in
    one sentence for the user; None when there is a display or no way to tell."""
    if not platform.startswith(_FREEDESKTOP):
        return None  # Windows and macOS always have their own window system
    if env.get("QT_QPA_PLATFORM") or any(env.get(name) for name in _DISPLAY_VARIABLES):
        return None
    return (
        "Papershelf needs a display: no DISPLAY or WAYLAND_DISPLAY is set (over SSH use "
        "`ssh -X`, or set QT_QPA_PLATFORM=offscreen to run without a screen)."
    )

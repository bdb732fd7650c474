"""Emitting Qt signals from Python, working around a reference-count bug in PySide6 6.12.

In the PySide6 6.12.0 wheels ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every emit from Python drops one reference to ``True``; after a few
thousand emits CPython aborts ("bool_dealloc: deallocating True or False"). ``emit`` here adds
the missing reference back, and only when a probe at import shows the bug is present.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(20):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        _incref(True)  # give back what the probe itself took
    return lost >= 15


LEAKS = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, keeping CPython's count of ``True`` right."""
    # PySide6's stubs say emit returns None; it returns a bool (True), the object counted here
    result = signal.emit(*args)  # type: ignore[func-returns-value]
    if LEAKS and isinstance(result, bool):
        _incref(result)

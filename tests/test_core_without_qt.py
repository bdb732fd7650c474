"""The core never imports Qt: every module of ``papershelf.core`` (and the command line) loads in
a fresh interpreter without PySide6 being imported."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import papershelf.core, papershelf.cli
for module in pkgutil.walk_packages(papershelf.core.__path__, "papershelf.core."):
    importlib.import_module(module.name)
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "PySide6")
print(len([m for m in sys.modules if m.startswith("papershelf.core")]), loaded)
"""


def test_the_core_and_the_cli_load_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, timeout=60
    )
    count, loaded = done.stdout.strip().split(" ", 1)
    assert loaded == "[]", f"PySide6 imported by the core: {loaded}"
    assert int(count) > 40  # every module was really imported

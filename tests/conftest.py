"""Shared test setup: headless Qt, and a fresh library folder per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PAPERSHELF_LIBRARY", None)
# never the user's cache (a read-only library's index goes there); subprocesses inherit it
os.environ["PAPERSHELF_CACHE"] = tempfile.mkdtemp(prefix="papershelf-test-cache-")
# nor the user's settings (where a moved library is recorded)
os.environ["PAPERSHELF_CONFIG"] = tempfile.mkdtemp(prefix="papershelf-test-config-")

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """An empty folder for a library."""
    folder = tmp_path / "library"
    return folder


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the bundled trending-page sample."""
    target = tmp_path / "trending.txt"
    shutil.copy(SAMPLE, target)
    return target

"""Where a library lives: --library DIR, then $PAPERSHELF_LIBRARY, then the user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

ENV_VAR = "PAPERSHELF_LIBRARY"


def library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library folder to use, from the command line, the environment or the platform."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir("papershelf", appauthor=False)) / "library"


def cache_dir() -> Path:
    """Where Papershelf keeps what it can always make again (``$PAPERSHELF_CACHE`` or the
    platform's user cache folder): the index of a library that is read-only."""
    from_env = os.environ.get("PAPERSHELF_CACHE")
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_cache_dir("papershelf", appauthor=False))


def resources_dir() -> Path:
    """The folder holding the bundled resources (sample dump, icons, style sheets)."""
    here = Path(__file__).resolve()
    bundle = Path(getattr(sys, "_MEIPASS", here.parents[3]))  # PyInstaller unpacks here
    for candidate in (bundle / "resources", here.parents[3] / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the Papershelf resources folder is missing from this installation")


def sample_dump() -> Path:
    """The bundled sample: a real copy of the Hugging Face trending-papers page."""
    return resources_dir() / "sample-trending-papers.txt"

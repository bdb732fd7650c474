"""Where a library lives: --library DIR, then $PAPERSHELF_LIBRARY, then the user data folder."""

from __future__ import annotations

import os
from importlib.resources import files
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
    """The folder of the bundled resources (sample page, icons, style sheets): the package
    ``papershelf.resources``, wherever it is installed (a wheel, an editable install, a
    PyInstaller bundle, which keeps package data as files). A real folder, not a zip: Qt and
    the importer read the files by path."""
    folder = Path(str(files("papershelf.resources")))
    if not (folder / "sample-trending-papers.txt").is_file():
        raise FileNotFoundError(
            f"The Papershelf resources are missing from {folder}; reinstall Papershelf."
        )
    return folder


def sample_dump() -> Path:
    """The bundled sample: a real copy of the Hugging Face trending-papers page."""
    return resources_dir() / "sample-trending-papers.txt"

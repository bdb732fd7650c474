"""Where a library lives: --library DIR, then $PAPERSHELF_LIBRARY, then the user data folder."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs

ENV_VAR = "PAPERSHELF_LIBRARY"


def library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library folder to use: from the command line, the environment, where the library
    was last moved to (``location_file``), or the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    moved = _moved_to()
    if moved is not None:
        return moved
    return default_library_dir()


def default_library_dir() -> Path:
    """Where a library lives unless told otherwise: the platform's user data folder."""
    return Path(platformdirs.user_data_dir("papershelf", appauthor=False)) / "library"


def config_dir() -> Path:
    """Papershelf's own settings folder (``$PAPERSHELF_CONFIG`` or the platform's)."""
    from_env = os.environ.get("PAPERSHELF_CONFIG")
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_config_dir("papershelf", appauthor=False))


def location_file() -> Path:
    """The file naming the folder the library was moved to (one line, the path)."""
    return config_dir() / "library-location"


def _moved_to() -> Path | None:
    try:
        text = location_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def set_library_location(folder: Path) -> None:
    """Open the library in ``folder`` by default from now on (the default folder itself:
    the location file is removed)."""
    path = location_file()
    if folder.resolve() == default_library_dir().resolve():
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(f"{folder.resolve()}\n", encoding="utf-8")
    os.replace(partial, path)


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

"""Papershelf on a Linux (freedesktop.org) desktop, for the current user: installed and removed.

``install`` puts, under ``$XDG_DATA_HOME`` (``~/.local/share``): the desktop entry, whose
``Exec`` is the ``papershelf-gui`` actually installed; the icon in the hicolor theme (the SVG
and PNGs from 16 to 512 pixels); a shared-mime-info package naming the file types the system's
database lacks; the AppStream record. It then refreshes the desktop's caches with the tools
there are. ``uninstall`` removes exactly those files. Neither changes the user's default
applications unless asked (``--default``, in ``$XDG_CONFIG_HOME/mimeapps.list``).

The files are made here, from one set of facts: the file types feed the MIME package, the
entry's ``MimeType=`` and the record's ``<provides>``; the application id names the entry, the
icon, the package and the record. ``packaging/`` holds the generic copies
(``Exec=papershelf-gui``) for the validators and for distributions;
``python -m papershelf.desktop_entry packaging`` writes them again (a test checks they are).
No Qt here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from papershelf import APP_ID, __version__
from papershelf.core.errors import PapershelfError
from papershelf.core.paths import resources_dir

DESKTOP_ID = f"{APP_ID}.desktop"
LAUNCHER = "papershelf-gui"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
NAME = "Papershelf"
SUMMARY = "An offline reading list for research papers"
DESCRIPTION = (
    "Paste a page of abstracts (the Hugging Face trending-papers page, an arXiv mailing, a "
    "BibTeX, RIS or PubMed export) and triage it from the keyboard: read, tag, annotate, mark "
    "read, and find anything again at once.",
    "Everything stays on your computer: the library is a folder of your own, searched by a "
    "full-text index that needs no network.",
)
CATEGORIES = ("Office",)  # one main category, so the menus list Papershelf once
KEYWORDS = ("papers", "arxiv", "bibtex", "abstracts", "reading list")
RELEASES = (("0.1.0", "2026-11-28"),)  # newest first; the first is __version__ (a test checks)


@dataclass(frozen=True)
class FileType:
    """A file type Papershelf opens; ``known``: the shared-mime-info database defines it."""

    mime: str
    pattern: str
    comment: str
    known: bool = False


FILE_TYPES = (
    FileType("text/x-bibtex", "*.bib", "BibTeX bibliography", known=True),
    # not in shared-mime-info: the name every reference manager and server uses
    FileType("application/x-research-info-systems", "*.ris", "RIS bibliography"),
    # not in shared-mime-info: the type NCBI's own citation exporter serves
    FileType("application/nbib", "*.nbib", "PubMed citation list (NBIB)"),
)

_HEADER = f"Made by papershelf.desktop_entry (papershelf install-desktop) for {APP_ID}."
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


class DesktopError(PapershelfError):
    """The desktop integration cannot be installed or removed here."""


# -- the files ------------------------------------------------------------------------------


def exec_quote(arg: str) -> str:
    """One argument of an ``Exec`` line, quoted by the Desktop Entry spec's rules: a ``%`` is
    doubled, and an argument holding a reserved character goes in double quotes, with the
    double quote, backtick, dollar and backslash escaped inside. (The string escapes of every
    value come after, in ``_string``.)"""
    text = arg.replace("%", "%%")
    if arg and not _EXEC_RESERVED.intersection(arg):
        return text
    for char in '\\"`$':
        text = text.replace(char, "\\" + char)
    return f'"{text}"'


def _string(value: str) -> str:
    """A desktop entry string value escaped: backslash, newline, tab, carriage return."""
    for char, escape in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        value = value.replace(char, escape)
    return value


def desktop_entry(command: Sequence[str] = (LAUNCHER,), try_exec: str | None = None) -> str:
    """The desktop entry's text: ``command`` (the program and its arguments) then ``%F``."""
    keys = [
        ("Type", "Application"),
        ("Name", NAME),
        ("GenericName", "Reading List"),
        ("Comment", "Triage, tag, annotate and search research papers offline"),
        ("Exec", " ".join(exec_quote(arg) for arg in command) + " %F"),
        *([("TryExec", try_exec)] if try_exec else []),
        ("Icon", APP_ID),
        ("Terminal", "false"),
        ("StartupNotify", "true"),
        ("StartupWMClass", NAME),  # Qt's X11 window class: the application's name
        ("Categories", _list(CATEGORIES)),
        ("Keywords", _list(KEYWORDS)),
        ("MimeType", _list(t.mime for t in FILE_TYPES)),
    ]
    lines = [f"# {_HEADER}", "[Desktop Entry]", *(f"{k}={_string(v)}" for k, v in keys)]
    return "\n".join(lines) + "\n"


def _list(items: Iterable[str]) -> str:
    """A desktop entry list: each item followed by a semicolon."""
    return "".join(f"{item};" for item in items)


def mime_package() -> str:
    """The shared-mime-info package: the file types the system's database does not define."""
    root = ET.Element("mime-info", xmlns="http://www.freedesktop.org/standards/shared-mime-info")
    for kind in FILE_TYPES:
        if kind.known:
            continue
        node = ET.SubElement(root, "mime-type", type=kind.mime)
        ET.SubElement(node, "comment").text = kind.comment
        ET.SubElement(node, "sub-class-of", type="text/plain")  # text editors open it too
        ET.SubElement(node, "generic-icon", name="text-x-generic")
        ET.SubElement(node, "glob", pattern=kind.pattern)
    return _xml(root)


def metainfo() -> str:
    """The AppStream record (what software centres show), tied to the entry by its id."""
    root = ET.Element("component", type="desktop-application")
    for tag, text in (
        ("id", APP_ID),
        ("metadata_license", "CC0-1.0"),
        ("project_license", "MIT"),
        ("name", NAME),
        ("summary", SUMMARY),
    ):
        ET.SubElement(root, tag).text = text
    description = ET.SubElement(root, "description")
    for paragraph in DESCRIPTION:
        ET.SubElement(description, "p").text = paragraph
    ET.SubElement(root, "launchable", type="desktop-id").text = DESKTOP_ID
    _children(root, "categories", "category", CATEGORIES)
    _children(root, "keywords", "keyword", KEYWORDS)
    provides = _children(root, "provides", "binary", ("papershelf", LAUNCHER))
    for kind in FILE_TYPES:
        ET.SubElement(provides, "mediatype").text = kind.mime
    _children(root, "supports", "control", ("keyboard", "pointing"))
    ET.SubElement(root, "content_rating", type="oars-1.1")
    releases = ET.SubElement(root, "releases")
    for version, date in RELEASES:
        ET.SubElement(releases, "release", version=version, date=date)
    return _xml(root)


def _children(parent: ET.Element, tag: str, child: str, texts: Sequence[str]) -> ET.Element:
    node = ET.SubElement(parent, tag)
    for text in texts:
        ET.SubElement(node, child).text = text
    return node


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {_HEADER} -->\n{body}\n'


def packaging_files() -> dict[str, str]:
    """The generic copies kept in ``packaging/``, by file name."""
    return {
        "papershelf.desktop": desktop_entry(),
        "papershelf-mime.xml": mime_package(),
        f"{APP_ID}.metainfo.xml": metainfo(),
    }


# -- where they go ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One installed file: where it goes, and how to make its bytes."""

    path: Path
    content: Callable[[], bytes]


def placements(data_home: Path, command: Sequence[str] = (LAUNCHER,)) -> list[Placement]:
    """Every file ``install`` writes under ``data_home`` (an ``$XDG_DATA_HOME``)."""
    hicolor = data_home / "icons" / "hicolor"

    def icon(name: str) -> Callable[[], bytes]:
        return lambda: (resources_dir() / "icons" / name).read_bytes()

    found = [
        Placement(
            data_home / "applications" / DESKTOP_ID,
            lambda: desktop_entry(command, try_exec=command[0]).encode(),
        ),
        Placement(hicolor / "scalable" / "apps" / f"{APP_ID}.svg", icon("papershelf.svg")),
    ]
    for size in ICON_SIZES:
        path = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        found.append(Placement(path, icon(f"papershelf-{size}.png")))
    package = data_home / "mime" / "packages" / f"{APP_ID}.xml"
    found.append(Placement(package, lambda: mime_package().encode()))
    record = data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    found.append(Placement(record, lambda: metainfo().encode()))
    return found


def data_home(platform: str = sys.platform) -> Path:
    """``$XDG_DATA_HOME`` (``~/.local/share``); an error on a desktop that is not freedesktop's."""
    if platform.startswith(("win32", "cygwin", "darwin")):
        raise DesktopError(
            "papershelf install-desktop is for Linux and other freedesktop.org desktops; "
            f"on {platform} start Papershelf with papershelf-gui."
        )
    return platformdirs.user_data_path()


def mimeapps_path() -> Path:
    """The user's default applications: ``$XDG_CONFIG_HOME/mimeapps.list``."""
    return platformdirs.user_config_path() / "mimeapps.list"


def launcher_command() -> list[str]:
    """The program that opens the window, as an absolute path: ``papershelf-gui`` beside the
    running interpreter (a virtual environment need not be on PATH), else on PATH; in a
    PyInstaller bundle, the bundle's own program."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).absolute())]
    beside = Path(sys.executable).absolute().parent / LAUNCHER  # not resolved: a venv's link
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which(LAUNCHER)
    if not found:
        raise DesktopError(
            f"{LAUNCHER} is neither beside {sys.executable} nor on PATH; reinstall Papershelf "
            "(pip install papershelf) and run install-desktop with the same Python."
        )
    if "=" in found:  # the Desktop Entry spec forbids it in the program's path, even quoted
        raise DesktopError(f"{found} has an '=' in its path, which a desktop entry cannot run.")
    return [str(Path(found).absolute())]


# -- installing and removing ------------------------------------------------------------------


@dataclass
class Outcome:
    """What an install or uninstall did (a line each) and what went wrong (a sentence each)."""

    done: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def install(data_home: Path, command: Sequence[str], defaults: Path | None = None) -> Outcome:
    """Write every file that is missing or different, then refresh what changed; with
    ``defaults`` (a ``mimeapps.list``), also make Papershelf the default for its file types."""
    outcome = Outcome()
    changed = []
    for placement in placements(data_home, command):
        data = placement.content()
        if _read(placement.path) != data:
            _write(placement.path, data)
            changed.append(placement.path)
            outcome.done.append(f"installed {show(placement.path)}")
    if defaults is not None:
        outcome.done += _edit_defaults(defaults, make_first=True)
    if not outcome.done:
        outcome.done.append(f"already installed in {show(data_home)}")
    _refresh(data_home, changed, outcome)
    return outcome


def uninstall(data_home: Path, defaults: Path) -> Outcome:
    """Remove every file ``install`` writes, and Papershelf from the user's defaults in
    ``defaults`` (a ``mimeapps.list``); then refresh what changed."""
    outcome = Outcome()
    removed = []
    for placement in placements(data_home):
        path = placement.path
        if path.is_file() or path.is_symlink():
            _unlink(path)
            removed.append(path)
            outcome.done.append(f"removed {show(path)}")
            if path.suffix in (".png", ".svg") or path.parent.name == "metainfo":
                _prune(path.parent, stop=data_home)  # the others hold the tools' caches
    outcome.done += _edit_defaults(defaults, make_first=False)
    if not outcome.done:
        outcome.done.append(f"not installed in {show(data_home)}; nothing to remove")
    _refresh(data_home, removed, outcome)
    return outcome


def show(path: Path) -> str:
    """A path as the user reads it: under the home folder, with ``~``."""
    try:
        return f"~/{path.relative_to(Path.home()).as_posix()}"
    except ValueError:
        return str(path)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DesktopError(f"Could not read {show(path)}: {exc.strerror}.") from exc


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` whole (a desktop never sees half a file)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DesktopError(f"Could not write {show(path)}: {exc.strerror}.") from exc


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError as exc:
        raise DesktopError(f"Could not remove {show(path)}: {exc.strerror}.") from exc


def _prune(folder: Path, stop: Path) -> None:
    """Remove ``folder`` and its parents below ``stop`` while they are empty (an icon size's
    ``apps`` folder, the size's own, and so on up)."""
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: someone else's icons are there
        folder = folder.parent


# -- the desktop's caches ---------------------------------------------------------------------


def _refresh(data_home: Path, changed: Sequence[Path], outcome: Outcome) -> None:
    """Run each cache tool whose folder changed; an absent tool is one line, a failing one a
    problem."""
    hicolor = data_home / "icons" / "hicolor"
    tools = [
        ("update-desktop-database", data_home / "applications", ["-q"]),
        ("update-mime-database", data_home / "mime", []),
    ]
    if (hicolor / "icon-theme.cache").is_file():
        # only a cache already there: one made here would hide icons other programs add later
        tools.append(("gtk-update-icon-cache", hicolor, ["-q", "-t", "-f"]))
    elif any(hicolor in path.parents for path in changed) and hicolor.is_dir():
        os.utime(hicolor)  # the theme folder's time tells the desktop to look again
    missing = []
    for tool, folder, options in tools:
        if not any(folder in path.parents for path in changed):
            continue
        program = shutil.which(tool)
        if program is None:
            missing.append(tool)
            continue
        problem = _run(program, [*options, str(folder)])
        if problem is None:
            outcome.done.append(f"refreshed {show(folder)} ({tool})")
        else:
            outcome.problems.append(
                f"{tool} failed on {show(folder)} ({problem}); the files are in place, and "
                "the desktop sees them once it runs again."
            )
    if missing:
        outcome.done.append(f"not refreshed (not installed): {', '.join(missing)}")


def _run(program: str, args: list[str]) -> str | None:
    """Run a cache tool; None when it worked, else what went wrong, briefly."""
    try:
        done = subprocess.run(
            [program, *args], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    said = (done.stderr or done.stdout).strip().splitlines()
    return said[0] if said else f"exit status {done.returncode}"


# -- the user's default applications ----------------------------------------------------------

_DEFAULTS = "[Default Applications]"


def _edit_defaults(mimeapps: Path, make_first: bool) -> list[str]:
    """Put Papershelf first (``make_first``) or nowhere in the defaults for its file types in
    a ``mimeapps.list``, keeping every other line as it is; a line for each type changed."""
    text = _read(mimeapps)
    lines = text.decode("utf-8", "replace").splitlines() if text is not None else []
    done = []
    for kind in FILE_TYPES:
        ids = _default_ids(lines, kind.mime)
        others = [i for i in ids if i != DESKTOP_ID]
        wanted = [DESKTOP_ID, *others] if make_first else others
        if wanted == ids:
            continue
        _set_default(lines, kind.mime, wanted)
        verb = "made Papershelf the default" if make_first else "removed Papershelf as the default"
        done.append(f"{verb} for {kind.mime} in {show(mimeapps)}")
    body = "\n".join(lines).rstrip()
    if done and body:
        _write(mimeapps, f"{body}\n".encode())
    elif done:
        _unlink(mimeapps)  # nothing left in it but what install put there
    return done


def _find(lines: list[str], mime: str) -> tuple[int, int, int | None] | None:
    """The ``[Default Applications]`` group (its header's index and its end) and the index of
    ``mime``'s line in it; None without the group."""
    start = next((i for i, line in enumerate(lines) if line.strip() == _DEFAULTS), None)
    if start is None:
        return None
    later = range(start + 1, len(lines))
    end = next((i for i in later if lines[i].lstrip().startswith("[")), len(lines))
    keys = range(start + 1, end)
    return start, end, next((i for i in keys if lines[i].partition("=")[0].strip() == mime), None)


def _default_ids(lines: list[str], mime: str) -> list[str]:
    found = _find(lines, mime)
    if found is None or found[2] is None:
        return []
    return [i.strip() for i in lines[found[2]].partition("=")[2].split(";") if i.strip()]


def _set_default(lines: list[str], mime: str, ids: list[str]) -> None:
    """Give ``mime`` the desktop ids ``ids`` in ``lines``; none: take its line away, and the
    group's header if that leaves the group empty."""
    found = _find(lines, mime)
    if found is None:
        if not ids:
            return
        lines += ["", _DEFAULTS] if any(line.strip() for line in lines) else [_DEFAULTS]
        found = (len(lines) - 1, len(lines), None)
    start, end, at = found
    if at is not None and ids:
        lines[at] = f"{mime}={_list(ids)}"
    elif at is not None:
        del lines[at]
        if not any(line.strip() for line in lines[start + 1 : end - 1]):
            del lines[start : end - 1]
    elif ids:
        while end - 1 > start and not lines[end - 1].strip():
            end -= 1  # after the group's last line, before the blank lines closing it
        lines.insert(end, f"{mime}={_list(ids)}")


def _write_packaging(folder: Path) -> None:
    for name, text in packaging_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    if RELEASES[0][0] != __version__:
        sys.exit(f"add version {__version__} to RELEASES first")
    _write_packaging(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging"))

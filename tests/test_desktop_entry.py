"""``papershelf install-desktop`` / ``uninstall-desktop`` into a temporary home: the files land
where the freedesktop.org specs say, name each other consistently, validate, and go away again
without touching anything else. The cache tools are stubs on PATH, except where a test runs
the real ones (when installed) against the temporary folders."""

from __future__ import annotations

import argparse
import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from papershelf import __version__, cli_desktop, desktop_entry
from papershelf.desktop_entry import (
    APP_ID,
    DESKTOP_ID,
    FILE_TYPES,
    ICON_SIZES,
    DesktopError,
    exec_quote,
)

ROOT = Path(__file__).parents[1]
PACKAGING = ROOT / "packaging"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
SYSTEM_MIME = Path("/usr/share/mime/packages/freedesktop.org.xml")
TOOLS = ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache")
REAL_PATH = os.environ.get("PATH", "")  # before any test replaces it with its stubs
LAUNCHER = ["/opt/paper apps/bin/papershelf-gui"]  # a space: Exec must quote it


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own, with the XDG defaults (``~/.local/share``, ``~/.config``)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


@pytest.fixture
def data(home: Path) -> Path:
    return home / ".local" / "share"


@pytest.fixture
def mimeapps(home: Path) -> Path:
    return home / ".config" / "mimeapps.list"


@pytest.fixture
def tool_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache tools as stubs (the only programs on PATH), each call a line of the log."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    log = tmp_path / "tools.log"
    for tool in TOOLS:
        _script(stubs / tool, f'echo "{tool} $*" >> "{log}"')
    monkeypatch.setenv("PATH", str(stubs))
    log.touch()
    return log


def _script(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for a folder)."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


# -- where the files go and what they say --------------------------------------------------


def test_install_puts_each_file_where_the_specs_say(data: Path, tool_log: Path) -> None:
    outcome = desktop_entry.install(data, LAUNCHER)
    hicolor = data / "icons" / "hicolor"
    expected = {
        data / "applications" / DESKTOP_ID,
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES),
        data / "mime" / "packages" / f"{APP_ID}.xml",
        data / "metainfo" / f"{APP_ID}.metainfo.xml",
    }
    assert {p for p in data.rglob("*") if p.is_file()} == expected
    for size in ICON_SIZES:
        assert _png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert ET.parse(hicolor / "scalable" / "apps" / f"{APP_ID}.svg").getroot().tag.endswith("svg")
    shown = sorted(f"installed ~/.local/share/{p.relative_to(data).as_posix()}" for p in expected)
    assert sorted(line for line in outcome.done if line.startswith("installed")) == shown
    assert not outcome.problems


def test_xdg_data_home_is_respected(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert desktop_entry.data_home("linux") == tmp_path / "elsewhere"
    assert desktop_entry.mimeapps_path() == tmp_path / "config" / "mimeapps.list"


def test_not_on_windows_or_macos() -> None:
    for platform in ("win32", "darwin"):
        with pytest.raises(DesktopError, match="Linux and other freedesktop.org desktops"):
            desktop_entry.data_home(platform)


def test_the_entry_names_the_installed_icon_launcher_and_types(data: Path, tool_log: Path) -> None:
    desktop_entry.install(data, LAUNCHER)
    entry = _entry(data / "applications" / DESKTOP_ID)
    icons = {p.stem for p in (data / "icons" / "hicolor").rglob("*") if p.is_file()}
    assert icons == {entry["Icon"]} == {APP_ID}
    assert entry["Exec"] == '"/opt/paper apps/bin/papershelf-gui" %F'
    assert entry["TryExec"] == LAUNCHER[0]
    package = ET.parse(data / "mime" / "packages" / f"{APP_ID}.xml").getroot()
    ours = {t.get("type") for t in package.iter(f"{MIME_NS}mime-type")}
    assert ours == {t.mime for t in FILE_TYPES if not t.known}
    assert entry["MimeType"] == "".join(f"{t.mime};" for t in FILE_TYPES)


def test_the_mime_types_cover_the_three_extensions() -> None:
    package = ET.fromstring(desktop_entry.mime_package())
    assert package.tag == f"{MIME_NS}mime-info"
    globs: dict[str | None, str | None] = {
        node.get("pattern"): kind.get("type")
        for kind in package.iter(f"{MIME_NS}mime-type")
        for node in kind.iter(f"{MIME_NS}glob")
    }
    globs.update((t.pattern, t.mime) for t in FILE_TYPES if t.known)
    assert globs == {
        "*.bib": "text/x-bibtex",
        "*.ris": "application/x-research-info-systems",
        "*.nbib": "application/nbib",
    }
    parents = [node.get("type") for node in package.iter(f"{MIME_NS}sub-class-of")]
    ours = [t for t in FILE_TYPES if not t.known]
    assert parents == ["text/plain"] * len(ours)  # shown as text, opened by text editors


def test_the_known_types_are_the_systems_own() -> None:
    system = ET.parse(SYSTEM_MIME).getroot()
    defined = {
        kind.get("type"): {g.get("pattern") for g in kind.iter(f"{MIME_NS}glob")}
        for kind in system.iter(f"{MIME_NS}mime-type")
    }
    for kind in FILE_TYPES:
        if kind.known:
            assert kind.pattern in defined.get(kind.mime, set()), kind


def test_exec_is_quoted_by_the_desktop_entry_rules() -> None:
    table = [
        ("papershelf-gui", "papershelf-gui"),
        ("/usr/bin/papershelf-gui", "/usr/bin/papershelf-gui"),
        ("/opt/my apps/papershelf-gui", '"/opt/my apps/papershelf-gui"'),
        ("/home/$USER/bin/p", '"/home/\\$USER/bin/p"'),
        ('/a"b`c/p', '"/a\\"b\\`c/p"'),
        ("/a\\b/p", '"/a\\\\b/p"'),
        ("/50%/p", "/50%%/p"),
        ("/it's (mine)/p", '"/it\'s (mine)/p"'),
        ("", '""'),
    ]
    assert [exec_quote(arg) for arg, _ in table] == [quoted for _, quoted in table]
    # then the string escapes: a literal backslash in a quoted argument takes four
    text = desktop_entry.desktop_entry(["/a b\\c/papershelf-gui"])
    assert 'Exec="/a b\\\\\\\\c/papershelf-gui" %F\n' in text


def test_packaging_copies_are_current() -> None:
    for name, text in desktop_entry.packaging_files().items():
        assert (PACKAGING / name).read_text(encoding="utf-8") == text, (
            f"packaging/{name} is out of date: .venv/bin/python -m papershelf.desktop_entry"
        )
    entry = _entry(PACKAGING / "papershelf.desktop")
    assert entry["Exec"] == "papershelf-gui %F" and entry["Icon"] == APP_ID
    record = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert record.findtext("id") == APP_ID
    assert record.findtext("launchable") == DESKTOP_ID
    provided = [m.text for m in record.iter("mediatype")]
    assert "".join(f"{m};" for m in provided) == entry["MimeType"]
    assert {b.text for b in record.iter("binary")} == {"papershelf", "papershelf-gui"}


def test_the_newest_release_is_this_version() -> None:
    record = ET.fromstring(desktop_entry.metainfo())
    assert record.find("releases/release").get("version") == __version__  # type: ignore[union-attr]


def test_the_icons_are_committed_at_every_size() -> None:
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        assert _png_size(icons / f"papershelf-{size}.png") == (size, size)
    assert not [p for p in icons.iterdir() if p.is_dir()]  # flat: every folder is a package


def test_the_desktop_modules_load_without_qt() -> None:
    check = (
        "import sys, papershelf.desktop_entry, papershelf.cli_desktop, papershelf.display; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


# -- idempotence and removal ---------------------------------------------------------------


def test_install_and_uninstall_are_idempotent(data: Path, mimeapps: Path, tool_log: Path) -> None:
    desktop_entry.install(data, LAUNCHER)
    tool_log.write_text("")
    again = desktop_entry.install(data, LAUNCHER)
    assert again.done == ["already installed in ~/.local/share"]
    assert tool_log.read_text() == ""  # nothing changed, nothing refreshed
    moved = desktop_entry.install(data, ["/usr/bin/papershelf-gui"])
    assert moved.done[0] == f"installed ~/.local/share/applications/{DESKTOP_ID}"
    assert "Exec=/usr/bin/papershelf-gui %F" in (data / "applications" / DESKTOP_ID).read_text()
    first = desktop_entry.uninstall(data, mimeapps)
    assert len([line for line in first.done if line.startswith("removed ~/")]) == 12
    second = desktop_entry.uninstall(data, mimeapps)
    assert second.done == ["not installed in ~/.local/share; nothing to remove"]


def test_uninstall_leaves_nothing_of_ours_and_touches_nothing_else(
    home: Path, data: Path, mimeapps: Path, tool_log: Path
) -> None:
    others = {
        data / "applications" / "org.example.Other.desktop": b"[Desktop Entry]\nName=Other\n",
        data / "icons" / "hicolor" / "48x48" / "apps" / "org.example.Other.png": b"png",
        data / "mime" / "packages" / "org.example.Other.xml": b"<mime-info/>\n",
        data / "metainfo" / "org.example.Other.metainfo.xml": b"<component/>\n",
        mimeapps: b"[Added Associations]\ntext/plain=org.example.Other.desktop;\n\n"
        b"[Default Applications]\ntext/x-bibtex=org.example.Other.desktop;\n",
    }
    for path, content in others.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    before = _tree(home)
    desktop_entry.install(data, LAUNCHER, defaults=mimeapps)
    assert _tree(home) != before
    desktop_entry.uninstall(data, mimeapps)
    assert _tree(home) == before  # the same paths, folders included, with the same bytes


def test_defaults_change_only_when_asked(data: Path, mimeapps: Path, tool_log: Path) -> None:
    desktop_entry.install(data, LAUNCHER)
    assert not mimeapps.exists()
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text("[Default Applications]\ntext/x-bibtex=org.example.Other.desktop;\n")
    outcome = desktop_entry.install(data, LAUNCHER, defaults=mimeapps)
    assert outcome.done == [
        f"made Papershelf the default for {t.mime} in ~/.config/mimeapps.list" for t in FILE_TYPES
    ]
    assert mimeapps.read_text().splitlines() == [
        "[Default Applications]",
        f"text/x-bibtex={DESKTOP_ID};org.example.Other.desktop;",
        f"application/x-research-info-systems={DESKTOP_ID};",
        f"application/nbib={DESKTOP_ID};",
    ]
    assert desktop_entry.install(data, LAUNCHER, defaults=mimeapps).done == [
        "already installed in ~/.local/share"
    ]
    desktop_entry.uninstall(data, mimeapps)
    assert mimeapps.read_text() == (
        "[Default Applications]\ntext/x-bibtex=org.example.Other.desktop;\n"
    )


def test_defaults_alone_in_a_new_file_go_with_it(
    data: Path, mimeapps: Path, tool_log: Path
) -> None:
    desktop_entry.install(data, LAUNCHER, defaults=mimeapps)
    assert mimeapps.is_file()
    desktop_entry.uninstall(data, mimeapps)
    assert not mimeapps.exists()


# -- the cache tools -----------------------------------------------------------------------


def test_the_cache_tools_refresh_the_folders_that_changed(data: Path, tool_log: Path) -> None:
    outcome = desktop_entry.install(data, LAUNCHER)
    assert tool_log.read_text().splitlines() == [
        f"update-desktop-database -q {data / 'applications'}",
        f"update-mime-database {data / 'mime'}",
    ]  # no icon cache made where there was none: it would hide icons added later
    assert outcome.done[-2:] == [
        "refreshed ~/.local/share/applications (update-desktop-database)",
        "refreshed ~/.local/share/mime (update-mime-database)",
    ]
    (data / "icons" / "hicolor" / "icon-theme.cache").write_bytes(b"cache")
    tool_log.write_text("")
    desktop_entry.uninstall(data, data / "no-mimeapps.list")
    assert f"gtk-update-icon-cache -q -t -f {data / 'icons' / 'hicolor'}" in tool_log.read_text()


def test_absent_tools_are_one_line(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    outcome = desktop_entry.install(data, LAUNCHER)
    assert outcome.done[-1] == (
        "not refreshed (not installed): update-desktop-database, update-mime-database"
    )
    assert not outcome.problems


def test_a_failing_tool_is_one_sentence_and_exit_status_1(
    data: Path,
    tool_log: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stubs = Path(os.environ["PATH"])
    _script(stubs / "update-mime-database", 'echo "mime.cache: disk full" >&2; exit 3')
    monkeypatch.setattr(desktop_entry, "launcher_command", lambda: LAUNCHER)
    assert _run_cli("install-desktop") == 1
    out, err = capsys.readouterr()
    assert f"installed ~/.local/share/applications/{DESKTOP_ID}" in out.splitlines()
    assert err == (
        "papershelf: update-mime-database failed on ~/.local/share/mime (mime.cache: disk "
        "full); the files are in place, and the desktop sees them once it runs again.\n"
    )


def _run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="papershelf")
    cli_desktop.add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.run(args)


def test_the_commands_print_a_line_per_thing_done(
    data: Path,
    mimeapps: Path,
    tool_log: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(desktop_entry, "launcher_command", lambda: LAUNCHER)
    assert _run_cli("install-desktop", "--default") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 12 + len(FILE_TYPES) + 2  # files, defaults, two refreshes
    assert out[0] == f"installed ~/.local/share/applications/{DESKTOP_ID}"
    assert _run_cli("uninstall-desktop") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"removed ~/.local/share/applications/{DESKTOP_ID}"
    assert not mimeapps.exists() and not (data / "icons").exists()


def test_the_real_tools_see_the_types_and_forget_them(
    data: Path, mimeapps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", REAL_PATH)
    assert not desktop_entry.install(data, LAUNCHER).problems
    globs = (data / "mime" / "globs2").read_text()
    assert "application/nbib:*.nbib" in globs
    assert "application/x-research-info-systems:*.ris" in globs
    handlers = (data / "applications" / "mimeinfo.cache").read_text()
    for kind in FILE_TYPES:
        assert f"{kind.mime}={DESKTOP_ID};" in handlers
    assert not desktop_entry.uninstall(data, mimeapps).problems
    assert "nbib" not in (data / "mime" / "globs2").read_text()
    assert DESKTOP_ID not in (data / "applications" / "mimeinfo.cache").read_text()


# -- the launcher ----------------------------------------------------------------------------


def test_the_launcher_beside_the_interpreter_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv = tmp_path / "my venv" / "bin"
    venv.mkdir(parents=True)
    _script(venv / "papershelf-gui", "exit 0")
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    assert desktop_entry.launcher_command() == [str(venv / "papershelf-gui")]
    (venv / "papershelf-gui").unlink()
    with pytest.raises(DesktopError, match="papershelf-gui is neither beside"):
        desktop_entry.launcher_command()
    on_path = tmp_path / "on-path"
    on_path.mkdir()
    _script(on_path / "papershelf-gui", "exit 0")
    monkeypatch.setenv("PATH", str(on_path))
    assert desktop_entry.launcher_command() == [str(on_path / "papershelf-gui")]
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # a PyInstaller bundle
    assert desktop_entry.launcher_command() == [str(venv / "python")]


# -- the validators (CI runs them on packaging/ before the tests, whatever is installed) ----


def test_the_installed_entry_validates(data: Path, tool_log: Path) -> None:
    validator = shutil.which("desktop-file-validate", path=REAL_PATH)
    assert validator
    desktop_entry.install(data, ["/opt/$weird (path)/it's\\here/papershelf-gui"])
    for entry in (data / "applications" / DESKTOP_ID, PACKAGING / "papershelf.desktop"):
        done = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert (done.returncode, done.stdout + done.stderr) == (0, ""), entry


def test_the_installed_metainfo_validates(data: Path, tool_log: Path) -> None:
    validator = shutil.which("appstreamcli", path=REAL_PATH)
    assert validator
    desktop_entry.install(data, LAUNCHER)
    record = data / "metainfo" / f"{APP_ID}.metainfo.xml"
    command = [validator, "validate", "--no-net", "--pedantic", "--strict", str(record)]
    done = subprocess.run(command, capture_output=True, text=True)
    issues = [line for line in done.stdout.splitlines() if line[:3] in ("E: ", "W: ", "I: ", "P: ")]
    assert (done.returncode, issues) == (0, [])

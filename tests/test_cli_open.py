"""``papershelf FILE...``: which command lines name files to open rather than a command."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.cli import _commands, _opens_files, build_open_parser, build_parser

COMMANDS = _commands(build_parser())


@pytest.fixture
def bib(tmp_path: Path) -> str:
    path = tmp_path / "refs.bib"
    path.write_text("@article{a, title={A}}\n", encoding="utf-8")
    return str(path)


def test_an_existing_file_is_opened(bib: str):
    assert _opens_files([bib], COMMANDS)
    assert _opens_files(["--library", "lib", bib, "other.ris"], COMMANDS)
    assert _opens_files(["--demo", "--", bib], COMMANDS)


def test_a_command_is_a_command_even_beside_a_file_of_its_name(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "search").write_text("not papers", encoding="utf-8")
    assert not _opens_files(["search", "rag"], COMMANDS)
    assert not _opens_files(["--library", "search"], COMMANDS)  # the option's value


def test_a_mistyped_command_is_left_to_the_parser():
    assert not _opens_files(["serach", "rag"], COMMANDS)
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["serach", "rag"])
    assert exited.value.code == 2


def test_standard_input_and_options_alone_open_no_files():
    assert not _opens_files([], COMMANDS)
    assert not _opens_files(["--demo"], COMMANDS)
    assert not _opens_files(["-"], COMMANDS)


def test_the_files_reach_the_window_options(bib: str):
    args = build_open_parser().parse_args(["--library", "lib", bib])
    assert args.files == [bib] and args.library == "lib" and not args.demo

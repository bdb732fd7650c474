"""Bad input gets one sentence naming the file and the reason, and the library stays as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cli_helpers import Cli


@pytest.fixture
def cli(library_dir: Path, capsys: pytest.CaptureFixture[str], sample_copy: Path) -> Cli:
    cli = Cli(library_dir, capsys)
    cli.ok("import", str(sample_copy))
    cli.ok("tag", "add", "keep", "1")
    return cli


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of the library with its content hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def assert_refused(cli: Cli, target: Path | str, *words: str) -> None:
    before = snapshot(cli.folder)
    code, out, err = cli("import", str(target))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1, err
    assert str(target) in err
    for word in words:
        assert word in err
    assert snapshot(cli.folder) == before


def test_binary_file(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "photo.txt"
    junk.write_bytes(bytes(range(256)) * 200)
    assert_refused(cli, junk, "binary")


def test_empty_file(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_refused(cli, empty, "empty")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\t\n")
    assert_refused(cli, blank, "empty")


def test_directory(cli: Cli, tmp_path: Path) -> None:
    assert_refused(cli, tmp_path, "folder")


def test_missing_file(cli: Cli, tmp_path: Path) -> None:
    assert_refused(cli, tmp_path / "nope.txt", "no such file")


def test_no_recognisable_paper(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "shopping.txt"
    text.write_text("eggs\nmilk\nbread\n")
    assert_refused(cli, text, "no papers recognised")


def test_only_page_noise(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "noise.txt"
    text.write_text("new\n\nSubscribe\n\nbyAK and the research community\n\nMar 14\n")
    assert_refused(cli, text)


def test_library_is_unchanged_after_a_refusal_then_still_works(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096))
    assert_refused(cli, junk)
    assert cli.json("search", "tag:keep")[0]["id"] == 1


def _make_unwritable(folder: Path) -> bool:
    """Make a folder unwritable, even for root (immutable attribute); True if it worked."""
    folder.chmod(0o555)
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
    probe = folder / "probe"
    try:
        probe.write_text("x")
    except OSError:
        return True
    probe.unlink()
    return False


def _make_writable(folder: Path) -> None:
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)
    folder.chmod(0o755)


def test_unwritable_library_folder(
    tmp_path: Path, sample_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    assert _make_unwritable(folder), "this machine cannot make a folder unwritable"
    try:
        code, out, err = Cli(folder, capsys)("import", str(sample_copy))
        assert code == 1
        assert err.count("\n") == 1
        assert str(folder) in err and "not writable" in err
        assert list(folder.iterdir()) == []
    finally:
        _make_writable(folder)


def test_library_path_that_is_a_file(
    tmp_path: Path, sample_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    code, _, err = Cli(blocker / "lib", capsys)("import", str(sample_copy))
    assert code == 1 and "cannot be created" in err and err.count("\n") == 1
    assert blocker.read_text() == "not a folder"


def test_the_command_line_works_beside_the_window_and_a_second_window_is_refused(
    cli: Cli, sample_copy: Path
) -> None:
    from papershelf.core.errors import LibraryLocked
    from papershelf.core.session import Shelf

    with Shelf(cli.folder, window=True):
        code, out, _ = cli("import", str(sample_copy))
        assert code == 0 and "65 " in out  # written while the window holds the library
        code, out, _ = cli("search", "retrieval")
        assert code == 0 and "Retrieval Head" in out
        with pytest.raises(LibraryLocked, match="open in another Papershelf window"):
            Shelf(cli.folder, window=True)
    with Shelf(cli.folder, window=True):  # the lock went with the window
        pass


def test_a_file_that_is_not_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite").write_bytes(b"this is not sqlite" * 100)
    code, _, err = Cli(folder, capsys)("search")
    assert code == 1 and "cannot be opened as a Papershelf library" in err


RIS_WITH_A_BROKEN_RECORD = """TY  - JOUR
TI  - A Readable Paper About Okapis
AB  - Okapis live in the forest.
ER  -

TY  - JOUR
TI  - A Record Cut Short
AB  - Its ER line is missing.

TY  - JOUR
TI  - Another Readable Paper
ER  -
"""


def test_a_broken_record_refuses_the_whole_import(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "export.ris"
    broken.write_text(RIS_WITH_A_BROKEN_RECORD)
    before = snapshot(cli.folder)
    code, out, err = cli("import", str(broken))
    assert code == 1 and out == ""
    assert f"{broken}, line 6:" in err and "--keep-valid" in err
    assert snapshot(cli.folder) == before


def test_keep_valid_imports_the_readable_records_and_lists_the_rest(
    cli: Cli, tmp_path: Path
) -> None:
    broken = tmp_path / "export.ris"
    broken.write_text(RIS_WITH_A_BROKEN_RECORD)
    preview = cli.json("import", str(broken), "--dry-run")
    assert (preview["new"], [s["line"] for s in preview["skipped"]]) == (2, [6])
    report = cli.json("import", str(broken), "--keep-valid")
    assert report["new"] == 2 and report["skipped"] == preview["skipped"]
    assert {p["title"] for p in cli.json("search", "readable")} == {
        "A Readable Paper About Okapis",
        "Another Readable Paper",
    }


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1"])
def test_any_text_encoding_is_read(encoding: str, cli: Cli, tmp_path: Path) -> None:
    dump = tmp_path / f"dump-{encoding}.txt"
    text = "Déjà Vu in Naïve Retrieval\n\n" + "We study café-style retrieval for naïve users. " * 8
    dump.write_bytes(text.encode(encoding))
    report = cli.json("import", str(dump))
    assert report["new"] == 1
    assert cli.json("show", str(report["ids"][0]))["title"] == "Déjà Vu in Naïve Retrieval"


@pytest.mark.timeout(20)
def test_a_pipe_or_a_device_is_refused_at_once(cli: Cli, tmp_path: Path) -> None:
    # Opening a FIFO with no writer blocks: the refusal must come before any open.
    fifo = tmp_path / "papers.bib"
    os.mkfifo(fifo)
    assert_refused(cli, fifo, "pipe", "not a regular file")
    assert_refused(cli, "/dev/zero", "device", "not a regular file")


def test_a_symlink_loop_is_refused(cli: Cli, tmp_path: Path) -> None:
    loop = tmp_path / "loop.bib"
    loop.symlink_to(loop)
    assert_refused(cli, loop, "cannot be read")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 1000 + "]" * 1000, ("nested too deeply",)),
        ('{"a": ' * 1000 + "1" + "}" * 1000, ("nested too deeply",)),
        ('[{"title": "A paper", "year": ' + "9" * 5000 + "}]", ("too many digits",)),
    ],
    ids=["arrays-1000-deep", "objects-1000-deep", "number-of-5000-digits"],
)
def test_json_past_what_the_decoder_takes(
    cli: Cli, tmp_path: Path, text: str, words: tuple[str, ...]
) -> None:
    source = tmp_path / "export.json"
    source.write_text(text)
    assert_refused(cli, source, "not valid JSON", *words)


def test_a_json_line_with_a_huge_number_is_one_sentence(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "export.jsonl"
    source.write_text('{"title": "A paper", "year": ' + "9" * 5000 + "}\n" + '{"title": "B"}\n')
    assert_refused(cli, source, "too many digits")


def test_yaml_aliases_are_not_expanded(cli: Cli, tmp_path: Path) -> None:
    # The "billion laughs" in YAML: nine levels of nine aliases is 9**9 strings once expanded.
    lines = ["- id: laughs", "  type: article", "  a: [" + ", ".join(['"lol"'] * 9) + "]"]
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines[-1] = lines[-1].replace(f"  {previous}: ", f"  {previous}: &{previous} ", 1)
        lines.append(f"  {name}: [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines += ["  title: *i", "- id: real", "  type: article", "  title: Zyxwv Laughter Study"]
    source = tmp_path / "laughs.yaml"
    source.write_text("\n".join(lines) + "\n")
    assert source.stat().st_size < 600
    assert_refused(cli, source, "line 1", "alias")
    out = cli.ok("import", "--keep-valid", str(source))
    assert "1 new" in out and "1 skipped" in out and "alias" in out
    titles = [paper["title"] for paper in cli.json("search", "lol OR zyxwv")]
    assert titles == ["Zyxwv Laughter Study"]


@pytest.mark.parametrize(
    "name",
    ["two\nlines.bib", "papershelf: forged.bib\n", "bell\a.bib", "latin-\udcff.bib"],
    ids=["newline", "forged-line", "control", "not-utf-8"],
)
def test_a_file_name_that_is_not_printable_stays_on_one_line(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    target = Path(os.fsencode(tmp_path).decode() + "/" + name)
    os.close(os.open(os.fsencode(target), os.O_CREAT | os.O_WRONLY))  # an empty file
    before = snapshot(cli.folder)
    code, out, err = cli("import", str(target))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("papershelf: "), err
    assert "empty" in err
    assert snapshot(cli.folder) == before


def test_a_bibtex_entry_with_100k_authors_is_refused(cli: Cli, tmp_path: Path) -> None:
    names = " and ".join(f"Author{n}, A." for n in range(100_000))
    source = tmp_path / "collaboration.bib"
    source.write_text(f"@article{{big, title={{A Paper}}, author={{{names}}}}}\n")
    assert_refused(cli, source, "line 1", "author list is 100,000 names long")


@pytest.mark.parametrize(
    ("field", "size", "words"),
    [
        ("abstract", 10_000_000, "abstract is 10,000,000 characters"),
        ("title", 5_000, "title is 5,000 characters"),
    ],
)
def test_a_field_no_paper_reaches_is_refused_not_stored(
    cli: Cli, tmp_path: Path, field: str, size: int, words: str
) -> None:
    # A log pasted as one abstract; a title of kilobytes: a record, but not a paper.
    text = ("word " * (size // 5 + 1))[: size - 1] + "x"
    record = {"title": "A Paper", "abstract": "Short.", field: text}
    source = tmp_path / "export.json"
    source.write_text(json.dumps([record, {"title": "Another Paper"}]))
    assert_refused(cli, source, "line 1", words, "--keep-valid")
    out = cli.ok("import", "--keep-valid", str(source))
    assert "1 new" in out and "1 skipped" in out


def test_bibtex_macros_are_not_expanded_past_a_real_field(cli: Cli, tmp_path: Path) -> None:
    # 70 KB of file: a 65 KB macro named a thousand times would be a 65-million-character
    # abstract, stored and indexed.
    macro = "word " * 13_000
    source = tmp_path / "macros.bib"
    source.write_text(
        f'@string{{m = "{macro}"}}\n\n'
        "@article{ok, title = {Kept}, abstract = m}\n\n"
        f"@article{{big, title = {{Blown Up}}, abstract = {' # '.join(['m'] * 1000)}}}\n"
    )
    assert_refused(cli, source, "line 5", "'big'", "more than 100,000 characters")
    out = cli.ok("import", "--keep-valid", str(source))
    assert "1 new" in out and "1 skipped" in out
    hits = cli.json("search", "title:kept")
    assert len(hits) == 1
    assert len(cli.json("show", str(hits[0]["id"]))["abstract"]) == len(macro.strip())


@pytest.mark.parametrize("fmt", [None, "text", "hf-page", "bibtex", "medline", "ris", "markdown"])
def test_a_10_mb_line_is_refused_before_it_is_held_whole(
    cli: Cli, tmp_path: Path, fmt: str | None
) -> None:
    # A dump without line breaks: each format used to read it whole (a 1 GB one took 3 GB).
    source = tmp_path / "dump.txt"
    source.write_text("word " * 2_000_000)
    before = snapshot(cli.folder)
    code, out, err = cli("import", *(["--format", fmt] if fmt else []), str(source))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1, err
    if fmt:
        assert f"{source}, line 1: it is longer than 4,194,304 characters" in err
    else:  # detection reads only the head, where it sees no format
        assert f"{source}: no papers recognised in it" in err
    assert snapshot(cli.folder) == before

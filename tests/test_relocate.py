"""Moving a library: everything goes, is checked, the default follows, and a failure changes
nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from papershelf.core import operations as ops
from papershelf.core import relocate
from papershelf.core.errors import LibraryError
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.library import Library
from papershelf.core.paths import library_dir, location_file
from papershelf.core.session import Shelf


@pytest.fixture(autouse=True)
def settings_folder(tmp_path: Path, monkeypatch) -> None:
    """Each test's own settings folder (where the location file goes)."""
    monkeypatch.setenv("PAPERSHELF_CONFIG", str(tmp_path / "config"))


@pytest.fixture
def filled(library_dir: Path, sample_copy: Path) -> Path:
    with Shelf(library_dir) as shelf:
        source = open_source(sample_copy)
        import_source(shelf.library, source, choose_importer(source))
        ops.add_tag(shelf.library, [1, 2], "keep")
        ops.set_status(shelf.library, [3], "read")
        shelf.index.ensure()
    return library_dir


def _facts(folder: Path) -> tuple[int, list[str], str]:
    with Shelf(folder) as shelf:
        return (
            shelf.library.count(),
            shelf.library.tag_names(),
            shelf.library.paper(3)["status"],
        )


def test_a_library_moves_whole_and_is_opened_there_by_default(
    filled: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("PAPERSHELF_LIBRARY", "")
    monkeypatch.setattr("papershelf.core.paths.default_library_dir", lambda: filled)
    assert library_dir() == filled
    before = _facts(filled)
    target = tmp_path / "elsewhere" / "papers"
    steps: list[str] = []
    moved = relocate.move(Library(filled, window=True), target, steps.append)
    assert moved == relocate.Moved(target.resolve(), True)
    assert library_dir() == target.resolve()  # the location file says where it went
    assert location_file().read_text(encoding="utf-8").strip() == str(target.resolve())
    assert _facts(target) == before
    assert (target / "index").is_dir() and not filled.exists()
    with Shelf(target) as shelf:  # the index came along: searchable at once
        assert shelf.index.ensure() == "ok"
        assert shelf.searcher.search("retrieval").ids
    assert steps[0] == "copying the library" and "checking the copy" in steps


def test_the_users_own_files_stay_in_the_old_folder(filled: Path, tmp_path: Path):
    (filled / "my notes.txt").write_text("mine", encoding="utf-8")
    relocate.move(Library(filled, window=True), tmp_path / "new")
    assert sorted(p.name for p in filled.iterdir()) == ["my notes.txt"]


@pytest.mark.parametrize("where", ["inside", "occupied", "same"])
def test_a_bad_target_is_refused_and_nothing_changes(filled: Path, tmp_path: Path, where: str):
    target = {
        "inside": filled / "sub",
        "occupied": tmp_path / "occupied",
        "same": filled,
    }[where]
    if where == "occupied":
        target.mkdir()
        (target / "x").write_text("x", encoding="utf-8")
    before = _facts(filled)
    library = Library(filled, window=True)
    with pytest.raises(LibraryError) as refused:
        relocate.move(library, target)
    library.close()
    assert str(target.resolve()) in str(refused.value)
    assert _facts(filled) == before


def test_a_failed_copy_leaves_the_library_where_it_was(filled: Path, tmp_path: Path, monkeypatch):
    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(relocate.shutil, "copytree", full_disk)
    before = _facts(filled)
    target = tmp_path / "new"
    library = Library(filled, window=True)
    with pytest.raises(LibraryError) as failed:
        relocate.move(library, target)
    library.close()
    assert "No space left on device" in str(failed.value) and "unchanged" in str(failed.value)
    assert not target.exists()  # what the move made is gone
    assert _facts(filled) == before
    assert not location_file().exists()


def test_no_command_writes_while_the_copy_is_made(filled: Path, tmp_path: Path, monkeypatch):
    written: list[str] = []
    real = relocate._copy_database

    def copy_while_writing(conn: sqlite3.Connection, path: Path) -> None:
        other = sqlite3.connect(filled / "library.sqlite", timeout=0.1)
        try:
            other.execute("UPDATE papers SET status = 'read' WHERE id = 1")
            other.commit()
            written.append("written")
        except sqlite3.OperationalError:  # locked: the move holds the library
            pass
        finally:
            other.close()
        real(conn, path)

    monkeypatch.setattr(relocate, "_copy_database", copy_while_writing)
    relocate.move(Library(filled, window=True), tmp_path / "new")
    assert written == []

"""Every action that changes the library can be undone and redone, exactly, also after a restart.

Each operation is applied, undone, redone and undone again; after each step the library's whole
state (every table but the derived index queue and the history itself) is compared with what
it was. ``rev`` and ``updated`` are left out: they move on with every change, undo included,
so that the index never mistakes an undone text for one it already holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import Cli
from papershelf.core import annotations, history
from papershelf.core import operations as ops
from papershelf.core.importers import by_name
from papershelf.core.importing import import_source, open_source
from papershelf.core.journal import Conflict
from papershelf.core.library import Library

SKIPPED_TABLES = {"index_queue", "history", "_sqlite_migrations", "meta"}
MOVING = {"rev", "updated"}

FIRST = """Trending Papers

Heads Retrieve Facts From Long Contexts

We study how attention heads retrieve facts from long contexts. A sparse set of heads is
responsible, and masking them causes hallucination in six model families.

Norm Tuning Is Enough For Adaptation

Large language models can be tuned with few parameters. We adapt only layer norms and match
full fine-tuning on twelve benchmarks.

Sparse Mixtures Route Tokens Cheaply

We route tokens to experts with a learned sparse gate. It trains faster than dense models of
the same quality on every benchmark we tried.
"""
SECOND = """Trending Papers

Heads Retrieve Facts From Long Contexts

We study how attention heads retrieve facts from long contexts. A sparse set of heads is
responsible, and masking them causes hallucination in six model families.

A Fourth Paper About Retrieval Heads

Retrieval heads again, in vision-language models: the same sparse heads appear, and pruning
them breaks grounding on four benchmarks.
"""


def dump(library: Library) -> dict[str, list[tuple]]:
    """Every row of every table the user's actions reach, without the columns that move."""
    conn = library.conn
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] not in SKIPPED_TABLES and not r[0].startswith("sqlite_")
    ]
    state = {}
    for table in sorted(tables):
        cursor = conn.execute(f"SELECT * FROM {table}")
        keep = [n for n, d in enumerate(cursor.description) if d[0] not in MOVING]
        state[table] = sorted((tuple(row[n] for n in keep) for row in cursor), key=repr)
    return state


@pytest.fixture
def library(library_dir: Path):
    with Library(library_dir) as library:
        import_source(library, open_source(text=FIRST), by_name("hf-page"), tag="first")
        ops.add_tag(library, [1, 2], "rag")
        ops.set_note(library, 1, "Read with the KV-cache papers.")
        annotations.add_highlight(library, 1, "abstract", 8, 23, colour=2, comment="the claim")
        yield library


def _import_second(library: Library) -> None:
    import_source(library, open_source(text=SECOND), by_name("hf-page"), tag="second")


OPERATIONS: dict[str, Callable[[Library], object]] = {
    "mark read": lambda lib: ops.set_status(lib, [1, 2, 3], "read"),
    "tag (new tag)": lambda lib: ops.add_tag(lib, [2, 3], "heads"),
    "tag (existing tag)": lambda lib: ops.add_tag(lib, [3], "rag"),
    "untag (the tag goes)": lambda lib: ops.remove_tag(lib, [1, 2], "rag"),
    "rename tag": lambda lib: ops.rename_tag(lib, "rag", "retrieval"),
    "merge tag": lambda lib: ops.rename_tag(lib, "rag", "first"),
    "note": lambda lib: ops.set_note(lib, 2, "# Heading\n\nA *note*."),
    "note appended": lambda lib: ops.set_note(lib, 1, "More.", append=True),
    "edit fields": lambda lib: ops.edit_fields(
        lib, 1, {"title": "Heads Retrieve Facts", "year": "2024", "doi": "10.1000/heads"}
    ),
    "trash": lambda lib: ops.trash(lib, [1, 3]),
    "empty trash": lambda lib: (ops.trash(lib, [1, 3]), ops.empty_trash(lib)),
    "highlight": lambda lib: annotations.add_highlight(lib, 2, "title", 0, 9, colour=3),
    "highlight colour": lambda lib: annotations.set_highlight(lib, 1, colour=5),
    "highlight comment": lambda lib: annotations.set_highlight(lib, 1, comment="why"),
    "highlight removed": lambda lib: annotations.remove_highlight(lib, 1),
    "import": _import_second,
    "remove import": lambda lib: ops.remove_batch(lib, 1),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_apply_undo_redo_give_back_each_state(library: Library, name: str) -> None:
    before = dump(library)
    steps = 2 if name == "empty trash" else 1
    OPERATIONS[name](library)
    after = dump(library)
    assert after != before
    for _ in range(steps):
        ops.undo(library)
    assert dump(library) == before
    for _ in range(steps):
        ops.redo(library)
    assert dump(library) == after
    for _ in range(steps):
        ops.undo(library)
    assert dump(library) == before


def test_undo_survives_a_restart_and_works_from_the_cli(
    library: Library, library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(library)
    ops.add_tag(library, [1, 2, 3], "later")
    library.close()
    cli = Cli(library_dir, capsys)
    assert cli.json("history")[0]["label"] == "Tag 'later' on 3 papers"
    assert cli.ok("undo").strip() == "Undid tag 'later' on 3 papers"
    with Library(library_dir) as reopened:
        assert dump(reopened) == before


def test_undo_names_the_action_and_a_new_action_ends_redo(library: Library) -> None:
    ops.add_tag(library, list(range(1, 4)), "rag")
    assert history.describe(history.next_undo(library), "Undo") == "Undo tag 'rag' on 1 paper"
    ops.undo(library)
    assert history.describe(history.next_redo(library), "Redo") == "Redo tag 'rag' on 1 paper"
    ops.set_status(library, [1], "reading")
    assert history.next_redo(library) is None


def test_an_undo_whose_rows_changed_since_changes_nothing(library: Library) -> None:
    ops.add_tag(library, [3], "heads")
    library.conn.execute("DELETE FROM paper_tags WHERE paper_id = 3")  # another tool did it
    library.conn.commit()
    before = dump(library)
    with pytest.raises(Conflict, match="Cannot undo “Tag 'heads' on 1 paper”: .*nothing was"):
        ops.undo(library)
    assert dump(library) == before
    ops.undo(library)  # the action before it can still be undone
    assert [h.id for h in annotations.highlights_of(library, 1)] == []


def test_typing_a_note_is_one_entry(library: Library) -> None:
    for text in ("D", "Dr", "Draft", "Draft note"):
        ops.set_note(library, 3, text, typing=True)
    entries = history.entries(library)
    assert entries[0].label.startswith("Edit note of “Sparse Mixtures")
    assert entries[1].label.startswith("Highlight")
    ops.undo(library)
    assert library.paper(3)["note"] == ""


def test_an_edited_field_is_kept_by_a_later_import(library: Library) -> None:
    ops.edit_fields(library, 1, {"title": "Heads Retrieve Facts (corrected)", "doi": ""})
    _import_second(library)
    paper = library.paper(1)
    assert paper["title"] == "Heads Retrieve Facts (corrected)"
    assert paper["edited"] == '["doi", "title"]' or "title" in paper["edited"]


def test_a_trashed_paper_is_not_imported_twice(library: Library) -> None:
    ops.trash(library, [1])
    report = import_source(library, open_source(text=SECOND), by_name("hf-page"))
    assert (report.new, report.duplicates) == (1, 1)
    assert library.count() == 3  # two left of the first import, one new; the trashed aside
    assert library.trash_count() == 1


def test_a_summary_gives_way_to_the_abstract_and_highlights_follow(tmp_path: Path) -> None:
    title = "Sparse Mixtures Route Tokens Cheaply"
    summary = "We route tokens to experts with a learned sparse gate, cheaply."
    full = (
        "Mixtures of experts are costly to train. We route tokens to experts with a learned "
        "sparse gate, cheaply. It trains faster than dense models of the same quality on every "
        "benchmark we tried."
    )
    with Library(tmp_path / "lib") as library:
        page = f"Trending Papers\n\n{title}\n\n{summary}\n"
        import_source(library, open_source(text=page), by_name("hf-page"))
        at = summary.index("learned sparse gate")
        _, hid = annotations.add_highlight(library, 1, "abstract", at, at + 19)
        report = import_source(
            library, open_source(text=f"Trending Papers\n\n{title}\n\n{full}\n"), by_name("hf-page")
        )
        (moved,) = annotations.highlights_of(library, 1)
        assert report.updated == 1 and library.paper(1)["abstract"] == full
        assert full[moved.start : moved.stop] == "learned sparse gate" and not moved.lost
        ops.undo(library)  # the import, and with it the move
        assert library.paper(1)["abstract"] == summary
        assert annotations.highlights_of(library, 1)[0].start == at


def test_a_highlight_whose_quote_is_gone_is_kept_and_flagged(library: Library) -> None:
    _, hid = annotations.add_highlight(library, 2, "title", 0, 9)
    ops.edit_fields(library, 2, {"title": "Layer Norms Are All You Tune"})
    (kept,) = [h for h in annotations.highlights_of(library, 2) if h.id == hid]
    assert kept.lost and kept.quote == "Norm Tuni"


def test_history_keeps_the_last_thousand(library: Library, monkeypatch) -> None:
    monkeypatch.setattr(history, "KEPT", 5)
    for n in range(8):
        ops.set_status(library, [1], ("read", "unread")[n % 2])
    assert len(history.entries(library)) == 5


def test_integrity_is_kept_when_undo_meets_a_foreign_key(library_dir: Path) -> None:
    with Library(library_dir) as library:
        import_source(library, open_source(text=FIRST), by_name("hf-page"))
        ops.add_tag(library, [1], "x")
        library.conn.execute("INSERT INTO paper_tags (paper_id, tag_id) VALUES (2, 1)")
        library.conn.commit()  # a second paper tagged behind the history's back
        before = dump(library)
        with pytest.raises(Conflict):
            ops.undo(library)
        assert dump(library) == before
        assert library.tags_of([1, 2]) == {1: ["x"], 2: ["x"]}  # nothing lost

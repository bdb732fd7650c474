"""Saved searches in the core and on the command line: named queries in the user's order, each
change one undoable operation, counted by the search they hold, carried by the JSON export."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from cli_helpers import Cli
from papershelf.core import exporting, history, saved
from papershelf.core import operations as ops
from papershelf.core.errors import NotFound, PapershelfError
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.journal import Conflict
from papershelf.core.library import Library
from papershelf.core.listing import View
from papershelf.core.session import Shelf

SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"
README = Path(__file__).parents[1] / "README.md"


def names(library: Library) -> list[str]:
    return [s.name for s in saved.saved_searches(library)]


def one_sentence(message: str) -> bool:
    return "\n" not in message and len(re.findall(r"[.!?](?:\s|$)", message)) == 1


@pytest.fixture
def library(library_dir: Path):
    with Library(library_dir) as library:
        yield library


@pytest.fixture
def shelf(library_dir: Path):
    """The bundled sample, imported and indexed."""
    with Shelf(library_dir) as shelf:
        source = open_source(SAMPLE)
        import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
        yield shelf


# -- the core ------------------------------------------------------------------------------


def test_saved_searches_keep_their_order_and_cleaned_names(library: Library) -> None:
    saved.add(library, "  retrieval   heads ", "retrieval   head")
    saved.add(library, "unread", "is:unread")
    found = saved.saved_searches(library)
    assert [(s.name, s.query, s.position) for s in found] == [
        ("retrieval heads", "retrieval head", 0),
        ("unread", "is:unread", 1),
    ]
    assert saved.find(library, "RETRIEVAL HEADS") == found[0]  # names match in any case
    assert saved.find(library, found[1].id) == found[1]
    assert saved.find(library, str(found[1].id)) == found[1]  # an id typed as text


@pytest.mark.parametrize(
    ("name", "query", "says"),
    [
        ("", "retrieval", "needs a name"),
        ("   ", "retrieval", "needs a name"),
        ("rag", "", "needs a query"),
        ("rag", " \n ", "needs a query"),
        ("RAG", "other words", "already a saved search called 'rag'"),
    ],
)
def test_what_cannot_be_saved_is_refused_in_one_sentence(
    library: Library, name: str, query: str, says: str
) -> None:
    saved.add(library, "rag", "retrieval augmented")
    entries = len(history.entries(library))
    with pytest.raises(PapershelfError) as refusal:
        saved.add(library, name, query)
    assert says in str(refusal.value) and one_sentence(str(refusal.value))
    assert names(library) == ["rag"]
    assert len(history.entries(library)) == entries  # nothing was recorded


def test_rename_refuses_another_searchs_name_but_takes_a_new_case(library: Library) -> None:
    saved.add(library, "rag", "retrieval")
    saved.add(library, "heads", "head")
    with pytest.raises(PapershelfError, match="already a saved search called 'rag'"):
        saved.rename(library, "heads", "Rag")
    saved.rename(library, "rag", "RAG")
    assert names(library) == ["RAG", "heads"]
    with pytest.raises(NotFound, match="no saved search 'nope'"):
        saved.rename(library, "nope", "x")
    with pytest.raises(NotFound):
        saved.remove(library, 999)


def test_each_change_is_one_entry_in_the_history_and_undoes_exactly(library: Library) -> None:
    saved.add(library, "one", "a")
    saved.add(library, "two", "b")
    saved.add(library, "three", "c")
    three = saved.find(library, "three")
    steps = [
        (lambda: saved.rename(library, "two", "deux"), ["one", "deux", "three"]),
        (lambda: saved.move(library, three.id, 0), ["three", "one", "deux"]),
        (lambda: saved.remove(library, "one"), ["three", "deux"]),
    ]
    states = [saved.saved_searches(library)]
    for step, expected in steps:
        step()
        assert names(library) == expected
        states.append(saved.saved_searches(library))
    labels = [e.label for e in history.entries(library, 3)]
    assert labels == [
        "Remove saved search 'one'",
        "Move saved search 'three' to place 1",
        "Rename saved search 'two' to 'deux'",
    ]
    for state in reversed(states[:-1]):
        ops.undo(library)
        assert saved.saved_searches(library) == state  # ids, names, order: as they were
    for state in states[1:]:
        ops.redo(library)
        assert saved.saved_searches(library) == state


def test_undo_of_a_save_and_a_removal(library: Library) -> None:
    changes = saved.add(library, "rag", "retrieval")
    assert changes.label == "Save search 'rag'" and not changes.papers
    ops.undo(library)
    assert names(library) == []
    ops.redo(library)
    rag = saved.find(library, "rag")
    saved.remove(library, "rag")
    ops.undo(library)
    assert saved.find(library, "rag") == rag  # the same id, so the sidebar finds it again


def test_an_undo_that_would_take_a_name_in_use_since_changes_nothing(library: Library) -> None:
    saved.add(library, "rag", "retrieval")
    saved.remove(library, "rag")
    with library.transaction():  # made behind the history's back (an older Papershelf, say)
        library.conn.execute(
            "INSERT INTO saved_searches (name, query, position, created) "
            "VALUES ('RAG', 'x', 0, '2026-01-01')"
        )
    with pytest.raises(Conflict) as refusal:
        ops.undo(library)
    assert one_sentence(str(refusal.value)) and "nothing was changed" in str(refusal.value)
    assert names(library) == ["RAG"]


def test_move_beyond_either_end_puts_it_first_or_last(library: Library) -> None:
    for name in ("a", "b", "c"):
        saved.add(library, name, name)
    saved.move(library, saved.find(library, "a").id, 99)
    assert names(library) == ["b", "c", "a"]
    saved.move(library, saved.find(library, "a").id, -5)
    assert names(library) == ["a", "b", "c"]
    assert [s.position for s in saved.saved_searches(library)] == [0, 1, 2]


def test_the_table_refuses_what_the_operations_refuse(library: Library) -> None:
    for row in (("", "q"), ("n", "")):
        with pytest.raises(sqlite3.IntegrityError), library.transaction():
            library.conn.execute(
                "INSERT INTO saved_searches (name, query, position, created) "
                "VALUES (?, ?, 0, '2026-01-01')",
                row,
            )


@pytest.mark.parametrize(
    ("view", "text", "query"),
    [
        (View(), "retrieval  head", "retrieval head"),
        (View("status", "unread"), "retrieval", "is:unread retrieval"),
        (View("tag", "rag"), "heads", "tag:rag heads"),
        (View("tag", "long context"), "heads", 'tag:"long context" heads'),
        (View("recent"), "heads", "added:7d heads"),
        (View("status", "read"), "a OR b", "is:read (a OR b)"),
        (View("batch", 1), "heads", "heads"),  # an import is not part of the language
        (View("next"), "heads", "heads"),
    ],
)
def test_what_is_saved_is_what_the_list_shows(
    library: Library, view: View, text: str, query: str
) -> None:
    assert saved.view_query(library, view, text) == query


def test_a_saved_search_refined_further_keeps_both(library: Library) -> None:
    saved.add(library, "either", "retrieval OR attention")
    view = View("saved", saved.find(library, "either").id)
    assert saved.view_query(library, view, "heads") == "(retrieval OR attention) heads"
    assert saved.refined("retrieval OR attention", "") == "retrieval OR attention"


def test_a_refined_saved_search_finds_what_both_find(shelf: Shelf) -> None:
    search = shelf.searcher.search
    both = saved.refined("retrieval OR attention", "long context")
    expected = set(search("retrieval OR attention").ids) & set(search("long context").ids)
    assert expected and set(search(both).ids) == expected


# -- the JSON export -----------------------------------------------------------------------


def test_the_json_export_carries_saved_searches_and_importing_adds_them(
    shelf: Shelf, tmp_path: Path
) -> None:
    library = shelf.library
    saved.add(library, "rag", "tag:rag")
    saved.add(library, "heads", "retrieval head")
    ids = [r[0] for r in library.conn.execute("SELECT id FROM papers ORDER BY id")]
    out = io.StringIO()
    exporting.export(library, ids, exporting.by_name("json"), out=out)
    document = json.loads(out.getvalue())
    assert [(s["name"], s["query"]) for s in document["saved_searches"]] == [
        ("rag", "tag:rag"),
        ("heads", "retrieval head"),
    ]
    with Library(tmp_path / "other") as other:
        saved.add(other, "HEADS", "mine")  # the library's own is kept
        source = open_source(text=out.getvalue(), name="export.json")
        report = import_source(other, source, choose_importer(source))
        assert report.new == len(ids) and not report.skipped
        assert [(s.name, s.query) for s in saved.saved_searches(other)] == [
            ("HEADS", "mine"),
            ("rag", "tag:rag"),
        ]
        ops.undo(other)  # undoing the import takes its saved search back too
        assert names(other) == ["HEADS"]


def test_an_export_without_saved_searches_is_as_it_was(shelf: Shelf) -> None:
    out = io.StringIO()
    exporting.export(shelf.library, [1, 2], exporting.by_name("json"), out=out)
    assert "saved_searches" not in json.loads(out.getvalue())


def test_a_broken_saved_search_in_an_export_is_named_with_its_line(library: Library) -> None:
    text = (
        '{"papershelf_export": 1, "papers": [\n{"title": "A paper"}\n],'
        ' "saved_searches": [\n{"name": "", "query": "x"}\n]}\n'
    )
    source = open_source(text=text, name="export.json")
    report = import_source(library, source, choose_importer(source), keep_valid=True)
    assert [(s.line, s.reason) for s in report.skipped] == [
        (4, "a saved search of the export without a name or a query.")
    ]
    assert names(library) == []


# -- the command line ----------------------------------------------------------------------


@pytest.fixture
def cli(shelf: Shelf, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(shelf.library.folder, capsys)


def test_saved_lists_names_counts_and_queries(cli: Cli, shelf: Shelf) -> None:
    assert "no saved searches yet" in cli.ok("saved")
    assert cli.ok("saved", "add", "unread ones", "is:unread") == "saved the search 'unread ones'\n"
    cli.ok("saved", "add", "heads", "retrieval", "head")  # the query's words, joined
    heads = shelf.searcher.search("retrieval head").total
    lines = cli.ok("saved").splitlines()
    assert [line.split() for line in lines] == [
        ["unread", "ones", "65", "is:unread"],
        ["heads", str(heads), "retrieval", "head"],
    ]
    listed = cli.json("saved")
    assert [(s["name"], s["query"], s["papers"]) for s in listed] == [
        ("unread ones", "is:unread", 65),
        ("heads", "retrieval head", heads),
    ]


def test_saved_rename_remove_and_undo(cli: Cli) -> None:
    cli.ok("saved", "add", "rag", "retrieval")
    assert cli.ok("saved", "rename", "RAG", "Retrieval") == (
        "Renamed saved search 'rag' to 'Retrieval'\n"
    )
    assert cli.json("saved", "remove", "retrieval")["done"] == "Remove saved search 'Retrieval'"
    assert cli.json("saved") == []
    assert cli.ok("undo") == "Undid remove saved search 'Retrieval'\n"
    assert [s["name"] for s in cli.json("saved")] == ["Retrieval"]


@pytest.mark.parametrize(
    "args",
    [
        ("saved", "add", "", "x"),
        ("saved", "remove", "nothing-called-so"),
        ("saved", "rename", "nothing-called-so", "x"),
    ],
)
def test_saved_refusals_are_one_line_and_exit_1(cli: Cli, args: tuple[str, ...]) -> None:
    code, out, err = cli(*args)
    assert code == 1 and out == ""
    assert err.startswith("papershelf: ") and err.count("\n") == 1


def test_saved_add_twice_is_refused(cli: Cli) -> None:
    cli.ok("saved", "add", "rag", "retrieval")
    code, _, err = cli("saved", "add", "Rag", "other")
    assert code == 1 and "already a saved search called 'rag'" in err


def test_saved_has_help_and_the_readme_names_it(cli: Cli) -> None:
    for args in (("saved",), ("saved", "add"), ("saved", "rename"), ("saved", "remove")):
        with pytest.raises(SystemExit) as exit_info:
            cli(*args, "--help")
        assert exit_info.value.code == 0
    readme = README.read_text(encoding="utf-8")
    for name in ("saved", "saved add", "saved rename", "saved remove"):
        assert f"papershelf {name}" in readme, name
    assert "Ctrl+S" in readme and "Read next" in readme

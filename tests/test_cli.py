"""Every CLI command, driven as a user would, on the bundled sample."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import Cli

RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"


@pytest.fixture
def cli(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(library_dir, capsys)


@pytest.fixture
def loaded(cli: Cli, sample_copy: Path) -> Cli:
    cli.ok("import", str(sample_copy))
    return cli


def test_import_prints_counts_then_finds_duplicates(cli: Cli, sample_copy: Path) -> None:
    assert cli.ok("import", str(sample_copy)).startswith(
        "65 new, 0 updated, 0 duplicates, 0 skipped"
    )
    assert cli.ok("import", str(sample_copy)).startswith("0 new, 0 updated, 65 duplicates")


def test_import_json_report(cli: Cli, sample_copy: Path) -> None:
    report = cli.json("import", str(sample_copy))
    assert report["format"] == "hf-page"
    assert (report["new"], report["updated"], report["duplicates"]) == (65, 0, 0)
    assert report["skipped"] == []
    assert len(report["ids"]) == 65
    again = cli.json("import", str(sample_copy))
    assert (again["new"], again["duplicates"], again["ids"]) == (0, 65, [])


def test_dry_run_changes_nothing(cli: Cli, sample_copy: Path) -> None:
    report = cli.json("import", str(sample_copy), "--dry-run")
    assert report["new"] == 65
    assert cli.json("search") == []


def test_import_from_stdin_with_a_tag(cli: Cli, sample_copy: Path, monkeypatch) -> None:
    import io

    stdin = io.TextIOWrapper(io.BytesIO(sample_copy.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert cli.ok("import", "-", "--tag", "morning").startswith("65 new")
    assert len(cli.json("search", "tag:morning")) == 65
    assert cli.ok("tags").split() == ["65", "morning"]


def test_import_with_an_explicit_format(cli: Cli, sample_copy: Path) -> None:
    assert cli.json("import", str(sample_copy), "--format", "hf-page")["new"] == 65
    code, _, err = cli("import", str(sample_copy), "--format", "nonsense")
    assert code == 1 and "unknown format 'nonsense'" in err


def test_search_ranks_the_title_match_first(loaded: Cli) -> None:
    papers = loaded.json("search", "retrieval heads")
    assert papers[0]["title"] == RETRIEVAL_HEAD
    assert set(papers[0]) >= {
        "id",
        "title",
        "abstract",
        "authors",
        "year",
        "status",
        "tags",
        "links",
        "note",
        "added",
    }


def test_search_without_query_lists_everything_newest_first(loaded: Cli, tmp_path: Path) -> None:
    extra = tmp_path / "one.txt"
    extra.write_text("A Late Paper About Otters\n\n" + "Otters are studied here. " * 20)
    loaded.ok("import", str(extra))
    papers = loaded.json("search")
    assert len(papers) == 66
    assert papers[0]["title"] == "A Late Paper About Otters"
    assert len(loaded.json("search", "--limit", "5")) == 5


def test_tag_and_mark_then_filter(loaded: Cli) -> None:
    ids = [p["id"] for p in loaded.json("search", "--limit", "4")]
    loaded.ok("tag", "add", "x", str(ids[0]), str(ids[1]), str(ids[2]))
    loaded.ok("mark", "read", str(ids[1]), str(ids[2]), str(ids[3]))
    found = loaded.json("search", "tag:x is:read")
    assert sorted(p["id"] for p in found) == sorted(ids[1:3])
    assert all(p["status"] == "read" and p["tags"] == ["x"] for p in found)
    loaded.ok("tag", "remove", "x", str(ids[1]))
    assert sorted(p["id"] for p in loaded.json("search", "tag:x is:read")) == [ids[2]]
    loaded.ok("mark", "reading", str(ids[2]))
    assert [p["id"] for p in loaded.json("search", "is:reading")] == [ids[2]]
    loaded.ok("mark", "unread", str(ids[2]))
    assert len(loaded.json("search", "is:unread")) == 63


def test_tags_lists_counts(loaded: Cli) -> None:
    loaded.ok("tag", "add", "rag", "1", "2")
    loaded.ok("tag", "add", "Long context", "3")
    assert loaded.json("tags") == [
        {"tag": "Long context", "papers": 1},
        {"tag": "rag", "papers": 2},
    ]
    assert "     2  rag" in loaded.ok("tags")


def test_show_prints_one_paper(loaded: Cli) -> None:
    paper = loaded.json("search", '"retrieval head"', "--limit", "1")[0]
    shown = loaded.json("show", str(paper["id"]))
    assert shown["title"] == RETRIEVAL_HEAD
    text = loaded.ok("show", str(paper["id"]))
    assert RETRIEVAL_HEAD in text and "status: unread" in text


def test_note_set_append_and_search(loaded: Cli) -> None:
    loaded.ok("note", "7", "--set", "Compare with the zebrafish paper.")
    loaded.ok("note", "7", "--append", "Second thought.")
    assert (
        loaded.json("show", "7")["note"] == "Compare with the zebrafish paper.\n\nSecond thought."
    )
    assert [p["id"] for p in loaded.json("search", "zebrafish")] == [7]


def test_unknown_ids_are_refused_in_one_line(loaded: Cli) -> None:
    for args in (
        ("show", "999"),
        ("mark", "read", "1", "999"),
        ("tag", "add", "x", "999"),
        ("note", "999", "--set", "x"),
    ):
        code, out, err = loaded(*args)
        assert code == 1
        assert err.count("\n") == 1 and "999" in err
    assert loaded.json("search", "is:read") == []


def test_reindex_and_check(loaded: Cli) -> None:
    assert "indexed 65 papers" in loaded.ok("reindex")
    assert loaded.ok("check").startswith("ok: 65 papers")


def test_every_command_has_help(cli: Cli) -> None:
    from papershelf.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {
        "import",
        "search",
        "show",
        "tag",
        "tags",
        "mark",
        "note",
        "batches",
        "undo-import",
        "reindex",
        "check",
        "edit",
        "highlight",
        "trash",
        "restore",
        "empty-trash",
        "undo",
        "redo",
        "history",
        "backup",
        "backups",
        "export",
        "saved",
        "related",
        "read-next",
        "install-desktop",
        "move-library",
        "uninstall-desktop",
    }
    for name in commands:
        with pytest.raises(SystemExit) as exit_info:
            cli(name, "--help")
        assert exit_info.value.code == 0


def test_readme_tour_names_every_command() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in (
        "import",
        "search",
        "show",
        "tag add",
        "tags",
        "mark read",
        "note",
        "batches",
        "undo-import",
        "reindex",
        "check",
        "tag rename",
        "edit",
        "highlight",
        "trash",
        "restore",
        "empty-trash",
        "undo",
        "redo",
        "history",
    ):
        assert f"papershelf {name}" in readme or f"--library demo {name}" in readme, name


def test_the_installed_command_runs(sample_copy: Path, library_dir: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "papershelf",
            "--library",
            str(library_dir),
            "import",
            str(sample_copy),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["new"] == 65


def test_batches_and_undo_import(loaded: Cli, tmp_path: Path) -> None:
    extra = tmp_path / "more.txt"
    extra.write_text("A Paper About Otters\n\n" + "Otters are studied here. " * 20)
    loaded.ok("import", str(extra), "--tag", "otters")
    batches = loaded.json("batches")
    assert [(b["format"], b["new"]) for b in batches] == [("text", 1), ("hf-page", 65)]
    assert "more.txt  #otters" in loaded.ok("batches")
    assert loaded.ok("undo-import", str(batches[0]["id"])).startswith("removed 1 papers")
    assert len(loaded.json("search")) == 65
    assert loaded.json("search", "otters") == []
    assert loaded.json("tags") == []
    assert loaded.ok("check").startswith("ok: 65 papers")
    code, _, err = loaded("undo-import", "999")
    assert code == 1 and "no import 999" in err


CAPTURES = Path(__file__).parent / "fixtures" / "page-captures"


def test_a_page_capture_imports_its_papers_and_counts_the_page_text(cli: Cli) -> None:
    capture = CAPTURES / "hf-trending-link-lines.md"
    preview = cli.ok("import", str(capture), "--dry-run")
    first = preview.splitlines()[0]
    assert first.startswith("would import: 50 new, 0 updated, 0 duplicates, 0 skipped, ")
    assert first.endswith("lines of page text skipped  (Hugging Face papers page)")
    assert "  new        line 13     Agent Lightning: Train ANY AI Agents" in preview
    report = cli.json("import", str(capture))
    assert (report["new"], report["page_text_skipped"] > 0, report["skipped"]) == (50, True, [])
    (paper,) = [p for p in cli.json("search", "lightning") if p["title"].startswith("Agent")]
    assert (paper["authors_count"], paper["github_stars"]) == (8, 11300)
    assert paper["github"] == "https://github.com/microsoft/agent-lightning"
    shown = cli.ok("show", str(paper["id"]))
    assert "8 authors" in shown and "GitHub ★ 11.3k" in shown


def test_a_search_page_gives_years_from_arxiv_ids(cli: Cli) -> None:
    cli.ok("import", str(CAPTURES / "hf-search-firecrawl.md"))
    ids = {p["arxiv_id"] for p in cli.json("search", "year:2010")}
    assert ids == {"1003.1345"}  # "Author Identifiers in Scholarly Repositories", Mar 5, 2010


def test_undo_redo_history_and_the_trash_from_the_command_line(loaded: Cli) -> None:
    assert loaded.ok("mark", "read", "2").strip() == "marked 1 paper read"
    assert loaded.json("tag", "add", "rag", "2", "3")["done"] == "Tag 'rag' on 2 papers"
    assert loaded.ok("trash", "3").strip() == "Moved 1 paper to the trash"
    assert [p["id"] for p in loaded.json("search", "tag:rag")] == [2]
    assert loaded.ok("undo").strip() == "Undid move 1 paper to the trash"
    assert sorted(p["id"] for p in loaded.json("search", "tag:rag")) == [2, 3]
    assert loaded.ok("redo").strip() == "Redid move 1 paper to the trash"
    states = [(e["label"], e["state"]) for e in loaded.json("history")][:3]
    assert states == [
        ("Move 1 paper to the trash", "done"),
        ("Tag 'rag' on 2 papers", "done"),
        ("Mark 1 paper read", "done"),
    ]
    assert loaded.ok("restore", "3").strip() == "Restored 1 paper from the trash"
    assert (
        loaded.ok("tag", "rename", "rag", "retrieval").strip() == "Renamed tag 'rag' to 'retrieval'"
    )
    assert loaded.ok("tags").split()[:2] == ["2", "retrieval"]


def test_edit_and_highlight_from_the_command_line(loaded: Cli, sample_copy: Path) -> None:
    loaded.ok("edit", "2", "--title", "Retrieval Heads (corrected)", "--year", "2024")
    loaded.ok("highlight", "2", "retrieval heads", "--colour", "2", "--comment", "key idea")
    loaded.ok("import", str(sample_copy))
    shown = loaded.json("show", "2")
    assert (shown["title"], shown["year"]) == ("Retrieval Heads (corrected)", 2024)
    assert shown["highlights"][0]["colour"] == "green"
    assert [p["id"] for p in loaded.json("search", "note:idea")] == [2]
    assert [p["id"] for p in loaded.json("search", "has:highlight")] == [2]
    code, _, err = loaded("highlight", "2", "words that are not there")
    assert code == 1 and "is not in the title or abstract" in err

"""``papershelf search`` says "Did you mean" on standard error, and in ``--json`` mode gives the
total, the problem and the suggestion as one JSON object there (the papers stay on standard
output, as always)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import Cli


@pytest.fixture
def loaded(library_dir: Path, sample_copy: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(library_dir, capsys)
    cli.ok("import", str(sample_copy))
    return cli


def test_a_misspelt_word_gets_did_you_mean(loaded: Cli) -> None:
    code, out, err = loaded("search", "retreival")
    assert code == 0 and out == ""
    assert err.splitlines() == ["0 papers", "Did you mean: retrieval"]


def test_json_keeps_the_papers_on_stdout_and_says_the_rest_on_stderr(loaded: Cli) -> None:
    code, out, err = loaded("search", "--json", "dense", "retreival")
    assert code == 0 and json.loads(out) == []
    assert json.loads(err) == {"total": 0, "error": None, "suggestion": "dense retrieval"}
    code, out, err = loaded("search", "--json", "retrieval", "added:2026-02-30")
    facts = json.loads(err)
    assert facts["total"] == len(json.loads(out)) > 0
    assert facts["error"].startswith("'2026-02-30' is not a date")
    assert facts["suggestion"] is None


def test_a_prefix_on_the_command_line_matches_words_as_written(loaded: Cli) -> None:
    titles = [p["title"] for p in loaded.json("search", "memoriz*")]
    assert "On Memorization of Large Language Models in Logical Reasoning" in titles


def test_one_paper_is_one_paper_and_a_negative_limit_is_refused(loaded: Cli) -> None:
    code, out, err = loaded("search", "memoriz*")
    assert err.splitlines()[-1] == "2 papers"
    code, out, err = loaded("search", "title:memorization")
    assert code == 0 and err.splitlines()[-1] == "1 paper"
    with pytest.raises(SystemExit) as exit_info:
        loaded("search", "--limit", "-1", "retrieval")
    assert exit_info.value.code == 2


def test_a_left_out_word_is_a_word_not_an_option(loaded: Cli) -> None:
    every = loaded.json("search", "retrieval")
    fewer = loaded.json("search", "retrieval", "-language")
    assert 0 < len(fewer) < len(every)
    assert all("language" not in (p["title"] + p["abstract"]).lower() for p in fewer)
    with pytest.raises(SystemExit) as refused:
        loaded("search", "retrieval", "--limt", "3")
    assert refused.value.code == 2
    assert "unrecognized arguments: --limt 3" in loaded.capsys.readouterr().err


def test_a_saved_search_with_a_bad_value_is_saved_and_the_problem_said(loaded: Cli) -> None:
    code, out, err = loaded("saved", "add", "odd", "retrieval", "added:2026-02-30")
    assert code == 0 and "saved the search 'odd'" in out
    assert "note: '2026-02-30' is not a date" in err
    code, _, err = loaded("saved", "add", "fine", "retrieval")
    assert code == 0 and "note:" not in err

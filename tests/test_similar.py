"""Related papers and Read next (``core.similar``, ``papershelf related`` / ``read-next``), on
the bundled sample of 65 language-model papers with 7 economics and finance papers of two
arXiv mailings beside them: papers like an economics paper are economics papers."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from cli_helpers import Cli
from papershelf.core import annotations, similar
from papershelf.core import operations as ops
from papershelf.core.errors import NotFound
from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf

ECONOMICS = {  # q-fin.EC
    "Economics of In-Space Industry and Competitiveness of Lunar-Derived Rocket Propellant",
    "Economic Consequences of Online Tracking Restrictions",
    "Main Concepts and Principles of Political Economy – Production and Values, Distribution "
    "and Prices, Reproduction and Profits",
    "Simplifying and Improving: Revisiting Bulgaria's Revenue Forecasting Models",
}
RISK = {  # q-fin.RM
    "Real Options Technique as a Tool of Strategic Risk Management",
    "Tail-GAN: Learning to Simulate Tail Risk Scenarios",
    "Mixed–frequency quantile regressions to forecast Value–at–Risk and Expected Shortfall",
}
RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"


@pytest.fixture
def shelf(library_dir: Path):
    """The sample and the two q-fin mailings in one indexed library."""
    with Shelf(library_dir) as opened:
        for path in (
            SAMPLE,
            FIXTURES / "arxiv-mailing" / "q-fin_new.EC.txt",
            FIXTURES / "arxiv-mailing" / "q-fin_new.RM.txt",
        ):
            source = open_source(path)
            import_source(opened.library, source, choose_importer(source))
        opened.index.ensure()
        yield opened


def ids_of(shelf: Shelf, titles: set[str]) -> list[int]:
    rows = shelf.library.conn.execute("SELECT id, title FROM papers").fetchall()
    found = [pid for pid, title in rows if title in titles]
    assert len(found) == len(titles)
    return sorted(found)


def titles(shelf: Shelf, found: list[similar.Similar]) -> list[str]:
    return [p["title"] for p in shelf.library.papers([s.id for s in found])]


def test_the_papers_most_like_an_economics_paper_are_economics_papers(shelf: Shelf) -> None:
    for paper_id in ids_of(shelf, ECONOMICS):
        found = similar.related(shelf.library, shelf.index, paper_id, limit=3)
        assert titles(shelf, found)[0] in ECONOMICS - {shelf.library.paper(paper_id)["title"]}
        assert len(set(titles(shelf, found)) & (ECONOMICS | RISK)) >= 2


def test_related_leaves_out_the_paper_itself_and_the_trash_and_ranks_best_first(
    shelf: Shelf,
) -> None:
    first, *others = ids_of(shelf, ECONOMICS)
    found = similar.related(shelf.library, shelf.index, first, limit=10)
    assert len(found) == 10
    assert first not in [s.id for s in found]
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    best = found[0].id
    ops.trash(shelf.library, [best])
    again = similar.related(shelf.library, shelf.index, first, limit=10)
    assert best not in [s.id for s in again]
    assert similar.related(shelf.library, shelf.index, first, limit=0) == []


def test_related_of_an_unknown_paper_says_so(shelf: Shelf) -> None:
    with pytest.raises(NotFound, match="no paper with id 999"):
        similar.related(shelf.library, shelf.index, 999)


def test_read_next_ranks_unread_papers_like_those_read(shelf: Shelf) -> None:
    economics = ids_of(shelf, ECONOMICS)
    ops.set_status(shelf.library, economics[:2], "read")
    found = similar.read_next(shelf.library, shelf.index, limit=5)
    assert set(titles(shelf, found[:2])) == ECONOMICS - set(titles_of(shelf, economics[:2]))
    assert not {s.id for s in found} & set(economics[:2])


def titles_of(shelf: Shelf, ids: list[int]) -> list[str]:
    return [p["title"] for p in shelf.library.papers(ids)]


def test_read_next_leaves_out_papers_read_being_read_or_in_the_trash(shelf: Shelf) -> None:
    economics = ids_of(shelf, ECONOMICS)
    ops.set_status(shelf.library, economics[:1], "read")
    ops.set_status(shelf.library, economics[1:2], "reading")
    ops.trash(shelf.library, economics[2:3])
    found = {s.id for s in similar.read_next(shelf.library, shelf.index, limit=100)}
    assert economics[3] in found
    assert not found & set(economics[:3])
    statuses = {p["status"] for p in shelf.library.papers(found)}
    assert statuses == {"unread"}


def test_a_note_or_a_highlight_is_enough_to_go_on(shelf: Shelf) -> None:
    economics = ids_of(shelf, ECONOMICS)
    assert similar.read_next(shelf.library, shelf.index) == []
    ops.set_note(shelf.library, economics[0], "Read the part on the demand for propellant.")
    shelf.index.catch_up()
    noted = similar.read_next(shelf.library, shelf.index, limit=3)
    assert noted and economics[0] not in [s.id for s in noted]
    assert titles(shelf, noted)[0] in ECONOMICS
    ops.set_note(shelf.library, economics[0], "")
    shelf.index.catch_up()
    abstract = shelf.library.paper(economics[1])["abstract"]
    annotations.add_highlight(shelf.library, economics[1], "abstract", 0, len(abstract) // 2)
    marked = similar.read_next(shelf.library, shelf.index, limit=3)
    assert titles(shelf, marked)[0] in ECONOMICS
    assert economics[1] not in [s.id for s in marked]


def test_read_next_for_a_tag_is_like_the_tag_and_leaves_its_papers_out(shelf: Shelf) -> None:
    economics = ids_of(shelf, ECONOMICS)
    ops.add_tag(shelf.library, economics[:2], "econ")
    ops.set_status(shelf.library, ids_of(shelf, {RETRIEVAL_HEAD}), "read")
    found = similar.read_next(shelf.library, shelf.index, tag="econ", limit=2)
    assert set(titles(shelf, found)) == ECONOMICS - set(titles_of(shelf, economics[:2]))
    # the profile of everything read and tagged is another one: the retrieval paper's too
    everything = similar.profile(shelf.library, shelf.index)
    assert set(everything) == {*economics[:2], *ids_of(shelf, {RETRIEVAL_HEAD})}
    with pytest.raises(NotFound, match="no tag 'nope'"):
        similar.read_next(shelf.library, shelf.index, tag="nope")


def test_with_nothing_read_or_tagged_read_next_is_empty(shelf: Shelf) -> None:
    assert similar.profile(shelf.library, shelf.index) == []
    assert similar.read_next(shelf.library, shelf.index) == []


def test_a_library_of_one_paper_has_nothing_related(library_dir: Path) -> None:
    with Shelf(library_dir) as alone:
        source = open_source(FIXTURES / "arxiv-abs" / "1411.4413.abs")
        report = import_source(alone.library, source, choose_importer(source))
        alone.index.ensure()
        assert similar.related(alone.library, alone.index, report.ids[0]) == []


# -- the command line --------------------------------------------------------------------


@pytest.fixture
def cli(shelf: Shelf, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(shelf.library.folder, capsys)


def test_cli_related_lists_papers_best_first_with_scores(shelf: Shelf, cli: Cli) -> None:
    economics = ids_of(shelf, ECONOMICS)
    lines = cli.ok("related", str(economics[0]), "--limit", "3").splitlines()
    assert len(lines) == 3
    score, paper_id, status, *title = lines[0].split()
    assert float(score) > 0 and status == "unread"
    assert int(paper_id) in economics[1:]
    answer = cli.json("related", str(economics[0]), "--limit", "4")
    assert [p["score"] for p in answer] == sorted((p["score"] for p in answer), reverse=True)
    assert len(answer) == 4 and answer[0]["title"] in ECONOMICS
    assert {"id", "title", "abstract", "tags", "status", "score"} <= answer[0].keys()


def test_cli_related_of_an_unknown_paper_is_one_sentence(cli: Cli) -> None:
    code, out, err = cli("related", "999")
    assert (code, out) == (1, "")
    assert (
        err.strip() == "papershelf: There is no paper with id 999; `papershelf search` lists them."
    )


def test_cli_read_next_says_what_to_do_when_nothing_is_read(cli: Cli) -> None:
    code, out, err = cli("read-next")
    assert (code, out) == (0, "")
    assert "mark papers read" in err and "tag them" in err
    assert err.count("\n") == 1
    assert cli.json("read-next") == []


def test_cli_read_next_after_reading(shelf: Shelf, cli: Cli) -> None:
    economics = ids_of(shelf, ECONOMICS)
    cli.ok("mark", "read", *map(str, economics[:2]))
    answer = cli.json("read-next", "--limit", "2")
    assert {p["title"] for p in answer} == ECONOMICS - set(titles_of(shelf, economics[:2]))
    assert all(p["status"] == "unread" for p in answer)
    assert len(cli.ok("read-next", "--limit", "7").splitlines()) == 7


def test_cli_read_next_for_a_tag(shelf: Shelf, cli: Cli) -> None:
    risk = ids_of(shelf, RISK)
    code, _, err = cli("read-next", "--tag", "risk")
    assert code == 1 and "There is no tag 'risk'" in err
    cli.ok("tag", "add", "risk", *map(str, risk))
    answer = cli.json("read-next", "--tag", "risk", "--limit", "5")
    assert not {p["id"] for p in answer} & set(risk)
    ops.trash(shelf.library, risk)
    code, out, err = cli("read-next", "--tag", "risk")
    assert (code, out) == (0, "")
    assert "no paper outside the trash has the tag 'risk'" in err


def test_the_readme_explains_both_commands() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for command in ("papershelf related", "papershelf read-next"):
        assert command in readme


def test_a_tag_an_import_gave_every_paper_is_not_reading(library_dir: Path) -> None:
    with Shelf(library_dir) as mine:
        source = open_source(SAMPLE)
        report = import_source(mine.library, source, choose_importer(source), tag="trending")
        mine.index.ensure()
        assert similar.profile(mine.library, mine.index) == []
        assert similar.read_next(mine.library, mine.index) == []
        chosen = report.ids[:2]
        ops.add_tag(mine.library, chosen, "rag")
        assert sorted(similar.profile(mine.library, mine.index)) == sorted(chosen)
        found = similar.read_next(mine.library, mine.index, limit=5)
        assert len(found) == 5 and not {s.id for s in found} & set(chosen)
        assert len(similar.read_next(mine.library, mine.index, tag="trending")) == 0


# -- the discriminant (Read next in a big library) -------------------------------------------


def _words(rng: random.Random, pool: list[str], n: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(n))


def _library_full_of_chatbots(folder: Path) -> dict[str, list[int]]:
    """800 papers: 20 on ranking (read); 10 more on ranking and 10 on ranking for chatbots,
    alike but for five words, rare ones or chatbot words; 60 on chatbots; the rest on
    anything else. Each kind's words are mixed with words drawn from 3,000 others."""
    rng = random.Random(7)
    filler = [f"w{n}" for n in range(3000)]
    ranking = "ranking retrieval query documents index relevance judgments"
    chatbots = "chatbot hallucination prompting assistant dialogue"
    kinds = {
        "read": [f"{ranking} {_words(rng, filler, 60)}" for _ in range(20)],
        "ranking": [f"{ranking} {_words(rng, filler, 65)}" for _ in range(10)],
        "chatbot ranking": [f"{ranking} {chatbots} {_words(rng, filler, 60)}" for _ in range(10)],
        "chatbots": [f"{chatbots} {_words(rng, filler, 60)}" for _ in range(60)],
        "other": [_words(rng, filler, 70) for _ in range(700)],
    }
    dump = folder.parent / "papers.jsonl"
    with dump.open("w", encoding="utf-8") as out:
        for kind, abstracts in kinds.items():
            for n, abstract in enumerate(abstracts):
                title = f"{kind} paper {n}"
                out.write(json.dumps({"title": title, "abstract": abstract}) + "\n")
    with Shelf(folder) as shelf:
        source = open_source(dump)
        import_source(shelf.library, source, choose_importer(source))
        shelf.index.ensure()
        rows = shelf.library.conn.execute("SELECT id, title FROM papers").fetchall()
    return {
        kind: [pid for pid, title in rows if title.startswith(f"{kind} paper")] for kind in kinds
    }


def _ranking_papers_first(library_dir: Path, monkeypatch: pytest.MonkeyPatch, weight: float) -> int:
    """How many of the 10 papers on ranking alone Read next lists first, the library's mean
    vector weighed ``weight`` (20 candidates: the 800 papers are a big enough library)."""
    kinds = _library_full_of_chatbots(library_dir)
    tuning = dataclasses.replace(similar.READ_NEXT, candidates=20, library_weight=weight)
    monkeypatch.setattr(similar, "READ_NEXT", tuning)
    with Shelf(library_dir) as shelf:
        ops.set_status(shelf.library, kinds["read"], "read")
        found = [s.id for s in similar.read_next(shelf.library, shelf.index, limit=10)]
    return len(set(found) & set(kinds["ranking"]))


def test_words_the_library_is_full_of_count_against_a_candidate(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weight = similar.READ_NEXT.library_weight
    assert _ranking_papers_first(library_dir, monkeypatch, weight) == 10  # chatbot words: common


def test_without_the_library_held_against_them_chatbot_papers_take_places(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _ranking_papers_first(library_dir, monkeypatch, 0.0) < 10

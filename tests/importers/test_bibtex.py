"""Edge cases of the BibTeX importer: LaTeX, names, broken and truncated entries, encodings."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.importers import Source, bibtex, detect
from papershelf.core.latex import latex_to_text
from papershelf.core.records import Record, Skip


def _parse(text: str) -> list[Record | Skip]:
    return list(bibtex.IMPORTER.parse(Source.from_text(text, "test.bib")))


def test_latex_accents_commands_maths_braces_dashes() -> None:
    assert latex_to_text(r"{\"u}ber {\'E}cole \c{c}a") == "über École ça"
    assert (
        latex_to_text(r"\emph{Deep} {Learning} for $\alpha$-helices")
        == "Deep Learning for α-helices"
    )
    assert latex_to_text("pages 12--23 --- done") == "pages 12\u201323 \u2014 done"
    assert latex_to_text(r"50% of \url{http://a.org/x_y}") == "50% of http://a.org/x_y"


def test_latex_that_cannot_be_parsed_still_gives_text() -> None:
    assert "broken" in latex_to_text(r"\emph{broken")
    assert latex_to_text(r"\href") == ""


def test_fields_and_names() -> None:
    (record,) = _parse(
        r"""@article{k,
  author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna and Smith, Jr., John
            and {World Health Organization} and others},
  title = {A {GPU} study of \textit{things}},
  journal = {Nature},
  year = 2021,
  doi = {https://doi.org/10.1000/ABC},
  eprint = {2101.00001v2}, archiveprefix = {arXiv},
  pmid = {123},
  url = {https://example.org/paper},
  keywords = {graphs; deep learning, GPUs},
  abstract = {We show {\it many} things.}
}"""
    )
    record = record.cleaned()
    assert record.title == "A GPU study of things"
    assert record.authors == [
        "Jörg Müller",
        "Anna van der Berg",
        "John Smith, Jr.",
        "World Health Organization",
    ]
    assert (record.venue, record.year, record.doi) == ("Nature", 2021, "10.1000/abc")
    assert (record.arxiv_id, record.pmid) == ("2101.00001", "123")
    assert record.links == ["https://example.org/paper"]
    assert record.keywords == ["graphs", "deep learning", "GPUs"]
    assert record.abstract == "We show many things."


def test_biblatex_date_and_string_concatenation() -> None:
    text = (
        '@string{conf = "Proc. of "}\n'
        '@inproceedings{a, title={T}, booktitle = conf # "X", date={2020-05-04}}\n'
    )
    (record,) = _parse(text)
    assert (record.venue, record.year, record.date) == ("Proc. of X", 2020, "2020-05-04")


def test_unbalanced_braces_skip_one_entry_and_keep_the_rest() -> None:
    text = (
        "@article{a, title={One}}\n\n@article{b,\n  title = {Broken {one},\n  year = 2000\n}\n\n"
        "@article{c, title={Three}}\n"
    )
    items = _parse(text)
    assert [i.title for i in items if isinstance(i, Record)] == ["One", "Three"]
    (skip,) = [i for i in items if isinstance(i, Skip)]
    assert skip.line == 3


def test_truncated_file_ends_with_a_skip() -> None:
    items = _parse("@article{a, title={Kept}}\n@article{b, title={Cut off in the mid")
    assert [type(i) for i in items] == [Record, Skip]
    assert items[1].line == 2


def test_entry_without_title_is_skipped_with_its_line() -> None:
    items = _parse("% comment\n\n@misc{nokey, author={A B}}\n")
    assert items == [Skip(3, "the entry 'nokey' has no title, so it cannot be a paper")]


def test_wrong_encoding_is_decoded_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bib"
    path.write_bytes(
        "@article{a, title={Caf\u00e9 na\u00efve r\u00e9sum\u00e9 study}}\n".encode("latin-1")
    )
    (record,) = list(bibtex.IMPORTER.parse(Source.from_path(path)))
    assert record.title.startswith("Caf")
    assert "study" in record.title


def test_large_file_is_parsed_in_chunks_with_right_lines() -> None:
    entries = "".join(f"@article{{k{i},\n  title = {{Paper {i}}},\n}}\n" for i in range(3000))
    items = _parse("@string{s = {x}}\n" + entries)
    assert len(items) == 3000
    assert items[-1].title == "Paper 2999"
    assert items[-1].line == 2 + 3 * 2999


def test_detection_does_not_claim_a_markdown_citation_block() -> None:
    head = "# Awesome list\n\n```bibtex\n@article{x, title={Y}}\n```\n"
    assert bibtex.IMPORTER.detect(head) < 0.5
    assert detect(Source.from_text("@article{x,\n  title = {Y},\n}\n")).name == "bibtex"

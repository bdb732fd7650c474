"""Edge cases of the arXiv API Atom importer: hostile DTDs, truncation, empty and error feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import Source, arxiv_atom, detect
from papershelf.core.records import Record, Skip

HEADER = (
    '<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
    '  <link href="http://arxiv.org/api/query?id_list=" rel="self" type="application/atom+xml"/>\n'
    '  <title type="html">ArXiv Query: search_query=all:test</title>\n'
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>0</opensearch:startIndex>\n"
    "  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>\n"
)
ENTRY = """  <entry>
    <id>http://arxiv.org/abs/2401.{n:05d}v1</id>
    <published>2024-01-02T03:04:05Z</published>
    <title>{title}</title>
    <summary>  An abstract for paper {n}.
</summary>
    <author><name>Ada Example</name></author>
    <arxiv:doi>10.5555/atom.{n}</arxiv:doi>
    <link href="http://arxiv.org/abs/2401.{n:05d}v1" rel="alternate" type="text/html"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def _doc(*entries: str, total: int | None = None, doctype: str = "") -> str:
    count = len(entries) if total is None else total
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
        + HEADER.format(total=count)
        + "".join(entries)
        + "</feed>\n"
    )


def _file(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "query.atom"
    path.write_text(text, encoding="utf-8")
    return Source.from_path(path)


def _entry(n: int, title: str | None = None) -> str:
    return ENTRY.format(n=n, title=f"Paper {n}" if title is None else title)


def test_detected_and_read(tmp_path: Path) -> None:
    source = _file(tmp_path, _doc(_entry(1, "Attention with $\\alpha$-entmax")))
    assert detect(source).name == "arxiv-atom"
    (record,) = list(arxiv_atom.IMPORTER.parse(source))
    assert isinstance(record, Record)
    assert record.title == "Attention with α-entmax"
    assert record.cleaned().arxiv_id == "2401.00001"
    assert (record.doi, record.year, record.date) == ("10.5555/atom.1", 2024, "2024-01-02")
    assert (record.authors, record.keywords, record.line) == (["Ada Example"], ["cs.LG"], 8)
    assert record.abstract == "An abstract for paper 1."


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doctype = (
        f'<!DOCTYPE feed [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY lol "lollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    )
    text = _doc(_entry(1, "Leak &xxe; and &lol2;"), doctype=doctype)
    items = list(arxiv_atom.IMPORTER.parse(_file(tmp_path, text)))
    records = [item for item in items if isinstance(item, Record)]
    assert records, "the entry itself is still read"
    assert all("TOP-SECRET" not in r.title and "lollollol" not in r.title for r in records)


def test_external_dtd_is_not_fetched(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/never-fetched.dtd">\n'
    items = list(arxiv_atom.IMPORTER.parse(_file(tmp_path, _doc(_entry(2), doctype=doctype))))
    assert [i.title for i in items] == ["Paper 2"]


def test_truncated_feed_keeps_read_entries_and_ends_with_a_skip(tmp_path: Path) -> None:
    text = _doc(_entry(1), _entry(2))
    cut = text[: text.rindex("Paper 2") + 20]
    items = list(arxiv_atom.IMPORTER.parse(_file(tmp_path, cut)))
    assert [type(i) for i in items] == [Record, Skip]
    assert items[1].line > 0 and "breaks off" in items[1].reason


def test_feed_cut_inside_its_first_entry_is_refused_with_a_line(tmp_path: Path) -> None:
    text = _doc(_entry(1))
    with pytest.raises(ImportRefused) as refused:
        list(arxiv_atom.IMPORTER.parse(_file(tmp_path, text[: text.index("<summary>")])))
    assert refused.value.line and refused.value.line > 0


def test_empty_opensearch_feed_is_refused_with_a_sentence(tmp_path: Path) -> None:
    source = _file(tmp_path, _doc(total=0))
    assert detect(source).name == "arxiv-atom"
    with pytest.raises(ImportRefused) as refused:
        list(arxiv_atom.IMPORTER.parse(source))
    reason = refused.value.reason
    assert "lists no papers" in reason and "matched none" in reason and reason.endswith(".")


def test_page_past_the_last_result_says_so(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="matched 25, but this page starts after"):
        list(arxiv_atom.IMPORTER.parse(_file(tmp_path, _doc(total=25))))


def test_api_error_feed_is_refused_with_the_api_message(tmp_path: Path) -> None:
    error = """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
    <updated>2007-10-12T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" rel="alternate"
          type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>
"""
    with pytest.raises(ImportRefused, match="incorrect id format for 1234.12345") as refused:
        list(arxiv_atom.IMPORTER.parse(_file(tmp_path, _doc(error))))
    assert "arXiv API answered with an error" in refused.value.reason


def test_entry_without_title_is_skipped(tmp_path: Path) -> None:
    items = list(arxiv_atom.IMPORTER.parse(_file(tmp_path, _doc(_entry(1, ""), _entry(2)))))
    assert [type(i) for i in items] == [Skip, Record]
    assert "no title" in items[0].reason and items[0].line > 0


def test_other_xml_is_not_taken_for_arxiv_atom() -> None:
    pubmed = '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle>'
    rss = '<?xml version="1.0"?>\n<rss version="2.0"><channel><item><title>x</title>'
    assert arxiv_atom.IMPORTER.detect(pubmed) == 0.0
    assert arxiv_atom.IMPORTER.detect(rss) == 0.0
    other_atom = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>'
    assert 0.5 <= arxiv_atom.IMPORTER.detect(other_atom) < 0.9


def test_many_entries_stream(tmp_path: Path) -> None:
    text = _doc(*(_entry(i) for i in range(1, 2001)))
    items = list(arxiv_atom.IMPORTER.parse(_file(tmp_path, text)))
    assert len(items) == 2000 and items[-1].cleaned().arxiv_id == "2401.02000"

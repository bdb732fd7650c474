"""Edge cases of the PubMed XML importer: hostile DTDs and entities, truncation, structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from papershelf.core.errors import ImportRefused
from papershelf.core.importers import Source, detect, pubmed_xml
from papershelf.core.records import Record, Skip

ARTICLE = """<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2020</Year><Month>Feb</Month><Day>3</Day></PubDate>
</JournalIssue><Title>J Test</Title></Journal><ArticleTitle>{title}</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND">Why <i>it</i> matters.</AbstractText>
<AbstractText Label="RESULTS">What we found.</AbstractText></Abstract>
<AuthorList><Author><LastName>Doe</LastName><ForeName>Jane</ForeName></Author>
<Author><CollectiveName>The Group</CollectiveName></Author></AuthorList></Article>
</MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="doi">10.1000/X{pmid}</ArticleId>
</ArticleIdList></PubmedData></PubmedArticle>
"""


def _file(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "pubmed.xml"
    path.write_text(text, encoding="utf-8")
    return Source.from_path(path)


def _doc(*articles: str, doctype: str = "") -> str:
    body = "".join(articles)
    return f'<?xml version="1.0"?>\n{doctype}<PubmedArticleSet>\n{body}</PubmedArticleSet>\n'


def test_structured_abstract_authors_ids(tmp_path: Path) -> None:
    source = _file(tmp_path, _doc(ARTICLE.format(pmid=7, title="A <i>title</i>.")))
    assert detect(source).name == "pubmed-xml"
    (record,) = list(pubmed_xml.IMPORTER.parse(source))
    assert record.title == "A title."
    assert record.abstract == "BACKGROUND: Why it matters.\n\nRESULTS: What we found."
    assert record.authors == ["Jane Doe", "The Group"]
    assert (record.year, record.date, record.venue) == (2020, "2020-02-03", "J Test")
    assert (record.pmid, record.doi, record.line) == ("7", "10.1000/X7", 3)


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doctype = (
        f'<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY lol "lollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    )
    text = _doc(ARTICLE.format(pmid=1, title="Leak &xxe; and &lol2;"), doctype=doctype)
    items = list(pubmed_xml.IMPORTER.parse(_file(tmp_path, text)))
    assert all("TOP-SECRET" not in item.title for item in items if isinstance(item, Record))
    assert all("lollollol" not in item.title for item in items if isinstance(item, Record))


def test_external_dtd_is_not_fetched(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE PubmedArticleSet SYSTEM "http://127.0.0.1:9/never-fetched.dtd">\n'
    items = list(
        pubmed_xml.IMPORTER.parse(
            _file(tmp_path, _doc(ARTICLE.format(pmid=2, title="T"), doctype=doctype))
        )
    )
    assert [i.title for i in items] == ["T"]


def test_truncated_file_keeps_read_articles_and_ends_with_a_skip(tmp_path: Path) -> None:
    text = _doc(ARTICLE.format(pmid=1, title="One"), ARTICLE.format(pmid=2, title="Two"))
    items = list(pubmed_xml.IMPORTER.parse(_file(tmp_path, text[: text.rindex("Two") + 10])))
    assert [type(i) for i in items] == [Record, Skip]
    assert items[1].line > 0


def test_not_xml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused):
        list(
            pubmed_xml.IMPORTER.parse(
                _file(tmp_path, "<PubmedArticleSet>\n<PubmedArticle>oops</Pubmed")
            )
        )


def test_latin1_declared_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.xml"
    text = _doc(ARTICLE.format(pmid=3, title="Caf\u00e9 study")).replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'
    )
    path.write_bytes(text.encode("latin-1"))
    (record,) = list(pubmed_xml.IMPORTER.parse(Source.from_path(path)))
    assert record.title.startswith("Caf") and record.title.endswith("study")


def test_many_articles_stream(tmp_path: Path) -> None:
    text = _doc(*(ARTICLE.format(pmid=i, title=f"Paper {i}") for i in range(1, 2001)))
    items = list(pubmed_xml.IMPORTER.parse(_file(tmp_path, text)))
    assert len(items) == 2000 and items[-1].pmid == "2000"

"""Hostile files, each imported by the real command under a memory cap: one sentence naming
the file, the library's files unchanged, and the process never past the cap.

The cap is on the address space of the `papershelf import` process (RLIMIT_AS): past it,
an allocation fails with MemoryError and the command would end in an internal error, which
these tests would see. Each input is written to make one of the bounds fail if it is lost:
entity and alias expansion, the line and record bounds, field sizes.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

CAP = 1536 * 1024 * 1024  # bytes of address space; a dry run of a real file needs ~500 MB
GB = 1024**3


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library holding one paper, made once; every test checks it is left as it was."""
    folder = tmp_path_factory.mktemp("hostile") / "library"
    seed = folder.parent / "seed.txt"
    seed.write_text(
        "Attention Is All You Need\n\nThe dominant sequence transduction models are based on "
        "complex recurrent or convolutional neural networks that include an encoder and a "
        "decoder. We propose a new simple network architecture.\n"
    )
    done = papershelf(folder, "import", "--format", "text", str(seed))
    assert done.returncode == 0, done.stderr
    return folder


def papershelf(
    library: Path, *args: str, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAPERSHELF_CONFIG": str(library.parent / "config")}
    return subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(library), *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=240,
        preexec_fn=_capped,
        env=env,
    )


def refused(library: Path, path: Path, *options: str) -> str:
    """Import ``path``; it must be refused in one sentence and change nothing."""
    before = snapshot(library)
    done = papershelf(library, "import", *options, str(path))
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("papershelf: "), done.stderr
    assert str(path) in done.stderr
    assert snapshot(library) == before
    return done.stderr


def assert_read_or_said(done: subprocess.CompletedProcess[str]) -> None:
    """The file was read, or refused in at most one line; never an internal error."""
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.returncode in (0, 1)
    assert done.stderr.count("\n") <= 1


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">']
    for n in range(1, 10):
        reference = f"&lol{n - 1};"
        entities.append(f'<!ENTITY lol{n} "{reference * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n'
        + "\n".join(entities)
        + "\n]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "</PubmedArticleSet>\n"
    )


def test_xml_billion_laughs_is_never_expanded(library: Path, tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_text(billion_laughs())
    # Expanded, the title would be 10**9 "lol"s: 3 GB, past the cap.
    err = refused(library, path, "--format", "pubmed-xml")
    assert "this is not readable XML" in err and "lol" not in err


def test_an_external_entity_is_never_fetched_or_read(library: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETWORD")
    path = tmp_path / "entity.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>\n'
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>7</PMID><Article>"
        "<ArticleTitle>A title &e; here</ArticleTitle><Abstract><AbstractText>An abstract."
        "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>"
        "</PubmedArticleSet>\n"
    )
    done = papershelf(library, "import", "--dry-run", "--json", "--format", "pubmed-xml", str(path))
    assert "Traceback" not in done.stderr
    assert "TOPSECRETWORD" not in done.stdout + done.stderr


@pytest.mark.parametrize("fmt", [None, "text", "hf-page", "bibtex", "medline", "ris", "csv"])
def test_a_1_gb_file_is_refused_in_bounded_memory(
    library: Path, tmp_path: Path, fmt: str | None
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:  # sparse: 1 GB of NUL bytes that take no disk
        out.truncate(GB)
    err = refused(library, path, *(["--format", fmt] if fmt else []))
    assert "this is a binary file" in err


def test_nul_bytes_in_a_real_file_are_one_sentence(library: Path, tmp_path: Path) -> None:
    path = tmp_path / "nul.bib"
    path.write_bytes(b"@article{k,\n  title = {A Ti\x00tle},\n  year = {2024}\x00\x00\n}\n" * 3)
    assert_read_or_said(papershelf(library, "import", "--dry-run", str(path)))


@pytest.mark.parametrize(
    "data",
    [
        b"@article{k, title = {Bad \xff\xfe bytes \xc3}, year = {2024}}\n",
        b"@article{k, title = {A surrogate \xed\xa0\x80 half}, year = {2024}}\n",
        "Title one\n\nAn abstract that is long enough to be prose, with words in it.\n".encode(
            "utf-16-le"
        )
        + b"\x00\xd8",  # a lone UTF-16 surrogate at the end
    ],
    ids=["invalid-utf8", "utf8-surrogate", "utf16-lone-surrogate"],
)
def test_bad_encodings_are_read_or_said(library: Path, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.bib"
    path.write_bytes(data)
    assert_read_or_said(papershelf(library, "import", "--dry-run", str(path)))


def test_a_ris_record_with_a_million_keywords_is_refused(library: Path, tmp_path: Path) -> None:
    path = tmp_path / "tags.ris"
    lines = ["TY  - JOUR", "TI  - A Paper With Many Keywords", "PY  - 2024"]
    lines += [f"KW  - keyword {n}" for n in range(1_000_000)]
    path.write_text("\n".join([*lines, "ER  - ", ""]))
    err = refused(library, path)
    assert "its keyword list is 1,000,000 keywords long" in err


def test_a_medline_record_wrapped_onto_millions_of_lines_is_skipped(
    library: Path, tmp_path: Path
) -> None:
    path = tmp_path / "long.nbib"
    body = "\n".join(["PMID- 1", "TI  - A title", "AB  - start"] + ["      more words"] * 500_000)
    path.write_text(body + "\n")
    err = refused(library, path)
    assert "longer than 4,000,000 characters" in err


def test_a_saved_page_past_64_mb_is_refused_before_it_is_parsed(
    library: Path, tmp_path: Path
) -> None:
    path = tmp_path / "page.html"
    row = "<p>huggingface.co/papers daily papers</p>\n"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Daily Papers - Hugging Face</title></head><body>"
        + row * (65 * 1024 * 1024 // len(row))
        + "</body></html>"
    )
    err = refused(library, path, "--format", "hf-html")
    assert "longer than 67,108,864 characters" in err


def test_endless_binary_standard_input_is_refused_at_once(library: Path) -> None:
    # `import -` read all of standard input before deciding; /dev/zero never ends.
    before = snapshot(library)
    with open("/dev/zero", "rb") as zeros:
        done = papershelf(library, "import", "-", stdin=zeros.fileno())
    assert done.returncode == 1
    assert done.stderr == (
        "papershelf: standard input: this is a binary file, not a text export of papers; "
        "export it as text and try again.\n"
    )
    assert snapshot(library) == before


def test_standard_input_is_spooled_not_held(library: Path, tmp_path: Path) -> None:
    """Text piped in is imported from a temporary file that is gone afterwards."""
    spools = set(Path(tempfile.gettempdir()).glob("papershelf-input-*"))
    path = tmp_path / "piped.txt"
    path.write_text(
        "Piped Paper About Retrieval\n\nWe study retrieval of papers piped to the command "
        "line, with an abstract long enough to read as prose for the importer.\n"
    )
    with path.open("rb") as piped:
        done = papershelf(library, "import", "--dry-run", "-", stdin=piped.fileno())
    assert done.returncode == 0, done.stderr
    assert "1 new" in done.stdout
    assert set(Path(tempfile.gettempdir()).glob("papershelf-input-*")) == spools

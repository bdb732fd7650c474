"""Hypothesis strategies for the fuzz targets, for the short run in tests/test_fuzz.py.

Mutated fixtures come from the same generator as the long run, driven by ``st.randoms()`` so
that Hypothesis shrinks them; beside them, Hypothesis' own random bytes and Unicode, and
structured inputs: nested JSON with huge strings and long numbers, nested XML, token soup.
Inputs are cut to SHORT bytes, so that a CI run stays quick.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

from fuzz.corpus import fixtures_by_format
from fuzz.mutations import SPECIAL, generated
from fuzz.queries import generated_query
from fuzz.targets import IMPORTER_NAMES

SHORT = 64 * 1024

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats()
    | st.text(max_size=50)
    | st.sampled_from(["title", "abstract", "x" * 5000, "9" * 4000]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "abstract", "authors", "DOI", "id", "year"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=30,
)
json_documents = json_values.map(lambda value: json.dumps(value).encode())
xml_documents = st.recursive(
    st.text(max_size=30).map(lambda text: text.replace("<", "&lt;")),
    lambda inner: st.tuples(
        st.sampled_from(["ArticleTitle", "entry", "title", "a", "p"]), st.lists(inner, max_size=3)
    ).map(lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"),
    max_leaves=20,
).map(lambda body: f"<?xml version='1.0'?><PubmedArticleSet>{body}</PubmedArticleSet>".encode())
soup = st.lists(st.sampled_from(SPECIAL) | st.binary(max_size=8), max_size=80).map(b"".join)


def importer_inputs(name: str) -> st.SearchStrategy[bytes]:
    """Inputs for an importer target (``name``), detection or the library."""
    every = fixtures_by_format()[""]
    own = fixtures_by_format().get(name, []) if name in IMPORTER_NAMES else every
    mutated = st.randoms(use_true_random=False).map(lambda rng: generated(rng, own, every))
    unicode_text = st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass"))
    return st.one_of(
        mutated,
        mutated,
        st.binary(max_size=2000),
        unicode_text,
        json_documents,
        xml_documents,
        soup,
    ).map(lambda data: data[:SHORT])


def query_inputs() -> st.SearchStrategy[bytes]:
    """Search-box texts, as the bytes the query targets take."""
    made = st.randoms(use_true_random=False).map(generated_query)
    return st.one_of(made, made, st.text(max_size=200)).map(
        lambda text: text.encode("utf-8", "surrogateescape")[:SHORT]
    )

"""Where a search's words are in a paper's text, found through the index's own analyzer, and
the one-line snippet the list shows under a title."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from papershelf.core.fulltext.tuning import stem
from papershelf.core.hits import ELLIPSIS, hit_spans, snippet

TEXT = "The Power of Specialization: specialized models retrieve facts from memory."


def test_every_form_of_a_searched_stem_is_a_hit() -> None:
    terms = {stem("specializing")}
    found = [TEXT[a:b] for a, b in hit_spans(TEXT, terms)]
    assert found == ["Specialization", "specialized"]


def test_stop_words_and_other_words_are_not_hits() -> None:
    assert hit_spans(TEXT, {"the", "of"}) == []
    assert hit_spans(TEXT, set()) == []


def test_a_snippet_is_one_line_around_the_first_hit() -> None:
    text = ("Background words come first.\n\n" * 10) + TEXT + ("\nAnd more words after." * 20)
    line, spans = snippet(text, {stem("memory")}, width=80)
    assert "\n" not in line and len(line) <= 80 + 2 * len(ELLIPSIS)
    assert line.startswith(ELLIPSIS) and line.endswith(ELLIPSIS)
    assert [line[a:b] for a, b in spans] == ["memory"]


def test_no_hit_no_snippet() -> None:
    assert snippet(TEXT, {"zzz"}) == ("", [])


@given(st.text(max_size=400), st.sets(st.text(min_size=1, max_size=8), max_size=4))
def test_spans_always_lie_in_the_line(text: str, terms: set[str]) -> None:
    line, spans = snippet(text, terms | {stem(w.lower()) for w in text.split()[:3]}, width=60)
    for start, end in spans:
        assert 0 <= start < end <= len(line)


@given(st.text(alphabet=st.sampled_from("ab1_.é- \n"), max_size=40) | st.text(max_size=40))
def test_the_word_pattern_finds_what_whooshs_own_does(text: str) -> None:
    import re

    from papershelf.core.fulltext.tuning import WORD

    assert WORD.findall(text) == re.findall(r"\w+(?:\.?\w+)*", text)

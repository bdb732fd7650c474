"""A message holding a name or text from a file stays one line (core, without Qt)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from papershelf.core.errors import ImportRefused, one_line, quoted_name


@given(st.text())
def test_one_line_leaves_no_control_character_and_keeps_printable_text(text: str) -> None:
    shown = one_line(text)
    assert shown.isprintable()
    if text.isprintable():
        assert shown == text


@given(st.text(), st.text(), st.one_of(st.none(), st.integers(1, 10**6)))
def test_an_import_refusal_is_one_line_whatever_it_quotes(
    name: str, reason: str, line: int | None
) -> None:
    message = str(ImportRefused(name, reason, line))
    assert message.isprintable()
    assert "\n" not in message and "\r" not in message


def test_names_are_quoted_only_when_they_need_it() -> None:
    assert quoted_name("papers 2024.bib") == "papers 2024.bib"
    assert quoted_name("two\nlines.bib") == '"two\\nlines.bib"'
    assert quoted_name("latin-\udcff.bib") == '"latin-\\xff.bib"'  # a non-UTF-8 byte, as bytes

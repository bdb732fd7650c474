"""Markup cleaning shared by the importers."""

from __future__ import annotations

import pytest

from papershelf.core.importers.markup import to_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (
            "<jats:title>Abstract</jats:title><jats:p>One.</jats:p><jats:p>Two.</jats:p>",
            "One. Two.",
        ),
        (
            "<jats:sec><jats:title>Background</jats:title><jats:p>B.</jats:p></jats:sec>",
            "Background B.",
        ),
        ("H<sub>2</sub>O &amp; CO<sub>2</sub>", "H2O & CO2"),
        ('<span class="nocase">iPhone</span> &eacute;t&eacute;', "iPhone été"),
        ("p < 0.05 and q > 0.1", "p < 0.05 and q > 0.1"),
        ("AT&T", "AT&T"),
        ("line<br>break", "line break"),
        ("<script>alert(1)</script>safe", "safe"),
        (None, ""),
    ],
)
def test_to_text(value: str | None, text: str) -> None:
    assert to_text(value) == text

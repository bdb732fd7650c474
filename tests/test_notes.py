"""A note's Markdown is shown as HTML with nothing in it that runs or loads anything."""

from __future__ import annotations

from papershelf.core.notes import RENDERED_CHARS, first_line, render

HOSTILE = """# Reading notes

<script>alert('x')</script>
<img src="https://tracker.example/pixel.png">
![local](file:///etc/passwd) ![web](https://example.org/a.png)
[run](javascript:alert(1)) [open](file:///home/me/secret.txt)
[paper](https://arxiv.org/abs/2407.13739) <mailto:me@example.org>
<a href="data:text/html,hi" onclick="x()">data</a>
<iframe src="https://example.org"></iframe>
<p style="background:url(https://example.org/bg.png)">styled</p>
"""


def test_a_hostile_note_keeps_its_text_and_loses_everything_active() -> None:
    shown = render(HOSTILE)
    low = shown.casefold()
    for gone in ("<script", "alert(", "<img", "javascript:", "file:", "data:", "onclick",
                 "<iframe", "style=", "tracker.example", "example.org/a.png"):  # fmt: skip
        assert gone not in low, gone
    assert "<h1>Reading notes</h1>" in shown
    assert 'href="https://arxiv.org/abs/2407.13739"' in shown
    assert 'href="mailto:me@example.org"' in shown
    assert "styled" in shown and ">run<" in shown and ">open<" in shown


def test_markdown_a_researcher_writes_is_rendered() -> None:
    shown = render(
        "Key idea: **sparse** attention\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```"
    )
    assert "<strong>sparse</strong>" in shown
    assert shown.count("<li>") == 2
    assert '<table border="1"' in shown and "<td>1</td>" in shown
    assert "<code>code" in shown


def test_of_an_enormous_note_the_start_is_rendered_and_the_rest_counted() -> None:
    paragraph = "A paragraph of **notes** <script>x()</script> on the paper.\n\n"
    note = paragraph * (RENDERED_CHARS // len(paragraph) * 50)  # about 5 MB
    shown = render(note)
    assert len(shown) < 2 * RENDERED_CHARS and "<script" not in shown
    assert shown.count("<strong>notes</strong>") >= RENDERED_CHARS // len(paragraph) - 1
    hidden = len(note) - (len(paragraph) * shown.count("<strong>notes</strong>") - 2)
    assert f"… and {hidden:,} more characters" in shown


def test_empty_note_and_first_line() -> None:
    assert render("  \n") == ""
    assert first_line("\n\n## Method\nmore") == "Method"
    assert first_line("x" * 100, width=10) == "x" * 9 + "…"

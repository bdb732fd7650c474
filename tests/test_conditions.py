"""Filter values parsed once into typed conditions that write their own SQL, and bad values
said in one sentence while the rest of the query runs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papershelf.core.conditions import BadValue, Numbers, Span, Status, condition
from papershelf.core.query import FILTERS, Filter, parse

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("year", "2024", Numbers("year", 2024, 2024)),
        ("year", "2023..2020", Numbers("year", 2020, 2023)),
        ("year", ">=2021", Numbers("year", 2021, None)),
        ("year", ">2021", Numbers("year", 2022, None)),
        ("year", "<2021", Numbers("year", None, 2020)),
        ("id", "7", Numbers("id", 7, 7)),
        ("is", "read", Status("read")),
        ("added", "2026-02", Span("added", "2026-02", "2026-03")),
        ("added", "2026-12", Span("added", "2026-12", "2027-01")),
        ("added", "2026-02-28", Span("added", "2026-02-28", "2026-03-01")),
        ("added", "2025", Span("added", "2025", "2026")),
        ("read", "7d", Span("status_changed", "2026-03-13T12:00:00+00:00", "9999")),
    ],
)
def test_values_become_typed_conditions(name: str, value: str, expected: object) -> None:
    assert condition(name, value, NOW) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("added", "2026-02-30", "'2026-02-30' is not a date"),
        ("added", "2026-13", "'2026-13' is not a date"),
        ("read", "soon", "'soon' is not a date"),
        ("added", "999999y", "more than a century"),
        ("id", "99999999999999999999999", "id: takes a paper's number"),
        ("id", "٣", "id: takes a paper's number"),  # a digit, but not one SQLite reads
        ("year", "20x4", "year: takes"),
        ("is", "done", "is: takes unread, reading or read"),
        ("has", "pdf", "has: takes note"),
        ("tag", "", "tag: needs a name"),
    ],
)
def test_bad_values_are_said(name: str, value: str, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        condition(name, value, NOW)


def test_the_rest_of_the_query_runs_without_a_bad_value() -> None:
    parsed = parse("diffusion added:2026-02-30 is:unread")
    assert parsed.error == (
        "'2026-02-30' is not a date: added: takes today, 7d, 2026-03 or 2026-03-14; "
        "searched without it."
    )
    assert "added" not in repr(parsed.tree)
    assert "diffusion" in repr(parsed.tree) and "unread" in repr(parsed.tree)


def test_conditions_write_parameterised_sql() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE papers (id INTEGER, year INTEGER, added TEXT, status TEXT)")
    conn.executemany(
        "INSERT INTO papers VALUES (?, ?, ?, 'unread')",
        [(1, 2019, "2026-01-05"), (2, 2021, "2026-02-14T09:00:00"), (3, 2024, "2026-03-01")],
    )
    for name, value, ids in (
        ("year", ">=2021", [2, 3]),
        ("year", "2019..2021", [1, 2]),
        ("added", "2026-02", [2]),
        ("added", "2026-02-14", [2]),
        ("id", "3", [3]),
    ):
        sql, args = condition(name, value, NOW).sql()
        found = [r[0] for r in conn.execute(f"SELECT id FROM papers WHERE {sql}", args)]
        assert found == ids, (name, value)


@given(st.sampled_from(sorted(FILTERS)), st.text(max_size=40))
def test_any_value_is_a_condition_or_a_sentence(name: str, value: str) -> None:
    try:
        made = condition(name, value, NOW)
    except BadValue as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    sql, args = made.sql()
    assert "?" in sql or not args
    with sqlite3.connect(":memory:") as conn:
        conn.execute(
            "CREATE TABLE papers (id INTEGER, year INTEGER, added TEXT, status TEXT, note TEXT,"
            " links TEXT, abstract TEXT, doi TEXT, status_changed TEXT)"
        )
        conn.execute("CREATE TABLE paper_tags (paper_id INTEGER, tag_id INTEGER)")
        conn.execute("CREATE TABLE tags (id INTEGER, name TEXT)")
        conn.execute("CREATE TABLE highlights (paper_id INTEGER)")
        conn.execute(f"SELECT id FROM papers WHERE {sql}", args).fetchall()


def test_a_parsed_filter_carries_its_condition() -> None:
    tree = parse("year:2024").tree
    assert isinstance(tree, Filter) and tree.condition == Numbers("year", 2024, 2024)

"""The names of the schema's steps, and which of them a library has had, read without
sqlite-utils: a library that is up to date opens without importing it (``core.schema`` holds
the steps themselves, and is imported only when one is to be applied)."""

from __future__ import annotations

import sqlite3

# In order; ``core.schema`` registers a step under each name (a test checks they agree).
STEPS = (
    "m001_initial",
    "m002_page_facts",
    "m003_annotations_history_trash",
    "m004_live_count_indexes",
    "m005_saved_searches",
    "m006_list_order_indexes",
)
SET = "papershelf"  # the migration set's name in sqlite-utils' table
TABLE = "_sqlite_migrations"  # sqlite-utils' ``Migrations.migrations_table``


def applied(conn: sqlite3.Connection) -> list[str]:
    """The steps this library has had, in the order they were applied (none: a new file)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY rowid", [SET])
    return [row[0] for row in rows]

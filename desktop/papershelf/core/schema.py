"""The library's schema, as numbered migrations applied in order when a library opens.

Tables are written as SQL rather than through ``Table.create`` because they need CHECK
constraints and partial unique indexes, which sqlite-utils cannot express; sqlite-utils'
``Migrations`` records which steps a library has had.
"""

from __future__ import annotations

import uuid

from sqlite_utils import Database, Migrations

from papershelf.core.schema_steps import SET

migrations = Migrations(SET)  # each step's name is in ``schema_steps.STEPS`` too, in order


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    """Papers, tags, status history, import batches, the index queue and library metadata."""
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            created TEXT NOT NULL,
            tag TEXT,
            new INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL CHECK (title <> ''),
            title_key TEXT NOT NULL,
            abstract TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            year INTEGER,
            date TEXT,
            venue TEXT,
            doi TEXT,
            arxiv_id TEXT,
            pmid TEXT,
            links TEXT NOT NULL DEFAULT '[]',
            keywords TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'unread'
                CHECK (status IN ('unread', 'reading', 'read')),
            status_changed TEXT,
            batch_id INTEGER REFERENCES batches(id) ON DELETE SET NULL,
            added TEXT NOT NULL,
            updated TEXT NOT NULL,
            rev INTEGER NOT NULL DEFAULT 1
        ) STRICT;
        CREATE UNIQUE INDEX papers_doi ON papers(doi) WHERE doi IS NOT NULL;
        CREATE UNIQUE INDEX papers_arxiv ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL;
        CREATE UNIQUE INDEX papers_pmid ON papers(pmid) WHERE pmid IS NOT NULL;
        CREATE INDEX papers_title_key ON papers(title_key);
        CREATE INDEX papers_added ON papers(added, id);
        CREATE INDEX papers_year ON papers(year);
        CREATE INDEX papers_status ON papers(status);
        CREATE INDEX papers_batch ON papers(batch_id);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> '')
        ) STRICT;

        CREATE TABLE paper_tags (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (paper_id, tag_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX paper_tags_tag ON paper_tags(tag_id, paper_id);

        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('unread', 'reading', 'read')),
            at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX status_history_paper ON status_history(paper_id, at);

        -- Papers whose text changed since the full-text index last took them in.
        CREATE TABLE index_queue (paper_id INTEGER PRIMARY KEY) STRICT;
        """
    )
    db.execute("INSERT INTO meta (key, value) VALUES ('library_id', ?)", [uuid.uuid4().hex])


@migrations(name="m002_page_facts")
def m002_page_facts(db: Database) -> None:
    """What a papers page shows beside a paper, lines of page text skipped per import, and
    the year and month of papers that only have a new-style arXiv id (the year is filtered in
    SQLite, not in the index, so ``rev`` stays and the index needs no catching up)."""
    db.executescript(
        """
        ALTER TABLE papers ADD COLUMN authors_count INTEGER;
        ALTER TABLE papers ADD COLUMN github TEXT;
        ALTER TABLE papers ADD COLUMN github_stars INTEGER;
        ALTER TABLE papers ADD COLUMN project_page TEXT;
        ALTER TABLE papers ADD COLUMN upvotes INTEGER;
        ALTER TABLE papers ADD COLUMN listed TEXT;
        ALTER TABLE batches ADD COLUMN furniture INTEGER NOT NULL DEFAULT 0;

        UPDATE papers
        SET year = 2000 + CAST(substr(arxiv_id, 1, 2) AS INTEGER),
            date = '20' || substr(arxiv_id, 1, 2) || '-' || substr(arxiv_id, 3, 2)
        WHERE year IS NULL AND date IS NULL
          AND arxiv_id GLOB '[0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9]*'
          AND CAST(substr(arxiv_id, 3, 2) AS INTEGER) BETWEEN 1 AND 12;
        """
    )


@migrations(name="m003_annotations_history_trash")
def m003_annotations_history_trash(db: Database) -> None:
    """Highlights, the undo history, the trash, and which fields the user edited."""
    db.executescript(
        """
        ALTER TABLE papers ADD COLUMN trashed TEXT;
        ALTER TABLE papers ADD COLUMN edited TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX papers_trashed ON papers(trashed) WHERE trashed IS NOT NULL;

        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            field TEXT NOT NULL CHECK (field IN ('title', 'abstract')),
            start INTEGER NOT NULL,
            stop INTEGER NOT NULL,
            quote TEXT NOT NULL CHECK (quote <> ''),
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            colour INTEGER NOT NULL DEFAULT 1 CHECK (colour BETWEEN 1 AND 5),
            comment TEXT NOT NULL DEFAULT '',
            lost INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        ) STRICT;
        CREATE INDEX highlights_paper ON highlights(paper_id, field, start);

        -- The undo history: each action's label and its row changes (journal.pack).
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            label TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT,
            batch_id INTEGER,
            payload BLOB NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        """
    )


@migrations(name="m004_live_count_indexes")
def m004_live_count_indexes(db: Database) -> None:
    """Indexes the sidebar's counts are answered from alone: each count asks for papers
    outside the trash, and without ``trashed`` in the index every paper's row was read
    (about 100 ms a count at 75,000 papers, on the window's thread)."""
    db.executescript(
        """
        DROP INDEX papers_status;
        CREATE INDEX papers_status ON papers(status, trashed);
        DROP INDEX papers_batch;
        CREATE INDEX papers_batch ON papers(batch_id, trashed);
        CREATE INDEX papers_trashed_added ON papers(trashed, added);
        """
    )


@migrations(name="m005_saved_searches")
def m005_saved_searches(db: Database) -> None:
    """Saved searches: a name and a query of the search box's language, listed in the
    sidebar in the user's order. Names are unique whatever their case, as tags are; the
    query is stored as typed (it is parsed each time it runs, so a later parser reads it
    with its own rules)."""
    db.executescript(
        """
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
            query TEXT NOT NULL CHECK (query <> ''),
            position INTEGER NOT NULL,
            created TEXT NOT NULL
        ) STRICT;
        """
    )


@migrations(name="m006_list_order_indexes")
def m006_list_order_indexes(db: Database) -> None:
    """Indexes a status's or a batch's list is read from alone, newest first: without
    ``added`` in them every paper's row was read and the ids sorted (about 150 ms and 64 MB
    of page cache at 75,000 papers, for the unread list the window opens on)."""
    db.executescript(
        """
        DROP INDEX papers_status;
        CREATE INDEX papers_status ON papers(status, trashed, added);
        DROP INDEX papers_batch;
        CREATE INDEX papers_batch ON papers(batch_id, trashed, added);
        """
    )

"""The full-text index: Whoosh over title, abstract, authors, venue and note, derived from SQLite.

The index is a cache. Every text change puts the paper on SQLite's ``index_queue`` in the same
transaction; ``catch_up`` takes the queue into Whoosh and clears only what it indexed (a paper
changed again meanwhile stays queued: its ``rev`` moved). Missing, foreign (another library's)
or out-of-step indexes are rebuilt as a new generation (a Whoosh index name) beside the one in
use, switched to by replacing the meta file in one step, so a crash mid-build leaves the old
one in place. Read status, tags and dates are never indexed: SQLite filters them.

Several processes may hold one library open (the window and the command line): only the one
holding ``IndexLock`` writes the index, and it reopens the index first, since another may have
written or switched it meanwhile. Readers take no lock: a searcher keeps the files it opened,
which the operating system keeps readable after a switch deletes them; one it had not opened
yet makes the search ask the new generation.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import uuid
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.columns import EmptyColumnReader, NumericColumn
from whoosh.fields import COLUMN, ID, STORED, Schema
from whoosh.query import Query
from whoosh.searching import Searcher

from papershelf.core import fulltext, vocabulary
from papershelf.core.errors import WriteFailed
from papershelf.core.fulltext.parallel import SELECT, add_in_parallel
from papershelf.core.fulltext.ranking import Ranker, column_values
from papershelf.core.fulltext.tuning import WORD, PaperAnalyzer, PaperCodec, paper_text
from papershelf.core.library import Library
from papershelf.core.lock import IndexLock
from papershelf.core.paths import cache_dir
from papershelf.core.vocabulary import Vocabulary

META_FILE = "papershelf.json"
FORMAT_VERSION = 10  # 10: Snowball stems and the vocabulary file
ANSWERS_KEPT = 16
BULK = 2000  # above this many documents, build with worker processes
BUSY = "another Papershelf is updating the index"

# What reading a damaged index raises, from Whoosh's table of contents (pickled), its
# segment files (struct-packed, compressed) and the file system; anything else is a bug.
INDEX_DAMAGE: tuple[type[BaseException], ...] = (
    whoosh_index.IndexError,
    OSError,
    EOFError,
    ValueError,
    LookupError,
    struct.error,
    pickle.UnpicklingError,
    zlib.error,
)

# What unpickling a table of contents raises when a class it names is gone (a module moved)
UNPICKLING: tuple[type[BaseException], ...] = (ImportError, AttributeError)

Progress = Callable[[int, int], None]


def make_schema() -> Schema:
    """One combined ``text`` field for everyday search, and small fields for ``title:`` etc.

    Searching one field is about twice as fast as a union over five (the matchers are Python),
    and costs little more to build: the big part, the abstract, is indexed once, in ``text``.
    The title goes into ``text`` twice, so a word in the title weighs more in the ranking.
    """
    stem = PaperAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # The paper id again as a fixed-width column, read whole in one step (see _paper_ids)
        paper=COLUMN(NumericColumn("q", default=0)),
        rev=STORED(),
        text=paper_text(stem),
        title=paper_text(stem),
        authors=paper_text(PaperAnalyzer(stem=False, stop=False)),
        venue=paper_text(stem),
        note=paper_text(stem),
    )


# The query language's field names and the index field each searches ("abstract:" looks in
# the combined text, which holds the title and abstract).
FIELD_FOR = {
    "title": "title",
    "abstract": "text",
    "authors": "authors",
    "venue": "venue",
    "note": "note",
    None: "text",
}


def _document(row: tuple) -> dict[str, Any]:
    paper_id, rev, title, abstract, authors, venue, note = row
    names = " ; ".join(json.loads(authors))
    return {
        "id": str(paper_id),
        "paper": paper_id,
        "rev": rev,
        "text": "\n".join((title, title, abstract, names, venue or "", note)),
        "title": title,
        "authors": names,
        "venue": venue or "",
        "note": note,
    }


_SELECT = SELECT  # one statement for the bulk build and the catch-up


class SearchIndex:
    """The Whoosh index of one library, with the searcher kept open between queries."""

    def __init__(self, library: Library):
        self.library = library
        self.folder = library.index_dir
        self.schema = make_schema()
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._ids_by_docnum: np.ndarray | None = None
        self._ranker: Ranker | None = None
        self._answers: OrderedDict[str, list[int]] = OrderedDict()
        self._vocabulary: Vocabulary | None = None
        self.fast = fulltext.fast()  # False: Whoosh's own paths (see core.fulltext)
        home = library.folder
        # A read-only library is searched through its own index when that one can be used
        # as it is; otherwise through one built in the user's cache folder (it can always be
        # made again). Either way the library itself is never written.
        self.frozen = library.read_only and self.unusable_reason() is None
        if library.read_only and not self.frozen:
            home = cache_dir() / "read-only-libraries" / (library.library_id or "unknown")
            home.mkdir(parents=True, exist_ok=True)
            self.folder = home / "index"
        self.lock = IndexLock(home)

    # -- keeping in step ---------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float | None = None) -> Iterator[bool]:
        """Hold the index lock for a write (``wait`` seconds at most; None: until it is free);
        yields whether it is held. Taken afresh, the index is reopened: another process may
        have changed it."""
        if self.lock.held:
            yield True
            return
        if not self.lock.acquire(timeout=wait):
            yield False
            return
        try:
            self.close()
            yield True
        finally:
            self.lock.release()

    def ensure(self, progress: Progress | None = None, wait: float | None = None) -> str:
        """Open the index, rebuilding it if missing, foreign or out of step; then catch up.

        Returns what was done: "ok", "caught up", why it was rebuilt, or BUSY when another
        process held the index for longer than ``wait`` seconds (it is catching up itself).
        """
        if self.frozen:
            return "ok"  # a read-only library's own index, searched as it is
        with self.writing(wait) as held:
            if not held:
                return BUSY
            reason = self.unusable_reason()
            if reason:
                self.rebuild(progress)
                return reason
            _remove_other_generations(self.folder, _index_name(self.folder))  # a killed rebuild's
            indexed = self.catch_up(progress)
            if self.doc_count() != self.library.count_all():
                self.rebuild(progress)
                return "the index did not hold the same papers as the library"
            return "caught up" if indexed else "ok"

    def unusable_reason(self) -> str | None:
        """Why the index cannot be used as it is (missing, unreadable, another library's,
        another version's), or None."""
        for leftover in (self.folder.with_name("index.new"), self.folder.with_name("index.old")):
            if leftover.exists() and not self.library.read_only:
                shutil.rmtree(leftover, ignore_errors=True)
        meta = _read_meta(self.folder)
        if meta and meta.get("format") != FORMAT_VERSION:  # before its pickles are read
            return "the index was made by another version"
        try:
            exists = whoosh_index.exists_in(str(self.folder), _index_name(self.folder))
        except (*INDEX_DAMAGE, *UNPICKLING):  # a corrupt table of contents
            return "the index could not be read"
        if not exists:
            return "the index was missing"
        if meta.get("library_id") != self.library.library_id:
            return "the index belonged to another library"
        if meta.get("fast", True) != self.fast:
            return "the index was made for other Whoosh paths"
        if not self._vocabulary_path().exists():
            return "the index's word list was missing"
        try:
            self._open()
            self.searcher().doc_count()
        except INDEX_DAMAGE:  # the index is a cache: rebuild it
            self.close()
            return "the index could not be read"
        return None

    def _open(self) -> whoosh_index.Index:
        if self._ix is None:
            self._ix = whoosh_index.open_dir(str(self.folder), _index_name(self.folder))
        return self._ix

    def queued(self) -> int:
        """How many papers wait to be indexed."""
        return self.library.conn.execute("SELECT count(*) FROM index_queue").fetchone()[0]

    def catch_up(self, progress: Progress | None = None) -> int:
        """Index every queued paper; returns how many were taken."""
        if self.library.read_only:
            return 0  # nothing can have changed, and the queue cannot be emptied
        with self.writing() as held:
            assert held
            return self._catch_up(progress)

    def _catch_up(self, progress: Progress | None) -> int:
        conn = self.library.conn
        queued = [row[0] for row in conn.execute("SELECT paper_id FROM index_queue")]
        if not queued:
            return 0
        ix = self._open()
        present = {
            row[0]
            for row in conn.execute(
                "SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(queued)],
            )
        }
        known = self._known(queued)
        gone = [pid for pid in queued if pid not in present and pid in known]
        fresh = [pid for pid in present if pid not in known]
        bulk = self.fast and len(fresh) > BULK
        # Only papers written here are read in full; worker processes read their own.
        serial = [pid for pid in present if pid in known or not bulk]
        rows = conn.execute(
            f"{_SELECT} WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(serial)]
        ).fetchall()
        revs = {row[0]: row[1] for row in rows}
        words: Counter[str] = Counter()
        if rows or gone:
            words = self._write_serially(ix, rows, known, gone, progress)
        if bulk:
            self._refresh()
            bulk_revs, bulk_words = add_in_parallel(
                ix, self.library.db_path, fresh, _document, progress
            )
            revs.update(bulk_revs)
            words.update(bulk_words)
        vocabulary.write(self._vocabulary_path(), words, append=True)
        self._dequeue(queued, revs)
        self._refresh()
        return len(queued)

    def _write_serially(
        self,
        ix: whoosh_index.Index,
        rows: list[tuple],
        known: set[int],
        gone: list[int],
        progress: Progress | None,
    ) -> Counter[str]:
        """Write ``rows`` through Whoosh's own writer; returns their words counted."""
        tuned = {"codec": PaperCodec()} if self.fast else {}
        writer = ix.writer(limitmb=128, compound=False, **tuned)
        words: Counter[str] = Counter()
        try:
            for paper_id in gone:
                writer.delete_by_term("id", str(paper_id))
            for number, row in enumerate(rows, start=1):
                document = _document(row)
                vocabulary.count_words(words, WORD.findall(document["text"]))
                if row[0] in known:
                    writer.update_document(**document)
                else:
                    writer.add_document(**document)
                if progress and number % 1000 == 0:
                    progress(number, len(rows))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return words

    def _known(self, ids: list[int]) -> set[int]:
        """Which of these papers the index holds."""
        searcher = self.searcher()
        if len(ids) < 5000:
            return {pid for pid in ids if searcher.document_number(id=str(pid)) is not None}
        wanted = set(ids)
        return {int(f["id"]) for f in searcher.all_stored_fields()} & wanted

    def _dequeue(self, queued: list[int], revs: dict[int, int]) -> None:
        """Clear queue entries now indexed; a paper whose rev moved since stays queued."""
        if self.library.read_only:
            return
        with self.library.transaction() as db:
            db.conn.executemany(
                "DELETE FROM index_queue WHERE paper_id = ? AND "
                "coalesce((SELECT rev FROM papers WHERE id = ?), -1) = ?",
                [(pid, pid, revs.get(pid, -1)) for pid in queued],
            )

    def rebuild(self, progress: Progress | None = None) -> int:
        """Build the whole index afresh from SQLite and swap it in; returns papers indexed."""
        if self.frozen:
            raise WriteFailed(
                f"The library {self.library.folder} is read-only: its index cannot be rebuilt; "
                "copy the folder somewhere writable to rebuild it."
            )
        with self.writing() as held:
            assert held
            return self._rebuild(progress)

    def _rebuild(self, progress: Progress | None) -> int:
        # The new index is a generation of its own (a Whoosh index name) beside the one in
        # use, and the meta file naming it is replaced in one step: a reader in any process
        # opens either the old one or the new one, whole, never a folder in between.
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"g{uuid.uuid4().hex[:12]}"
        ix = whoosh_index.create_in(str(self.folder), make_schema(), indexname=name)
        conn = self.library.conn
        queued = [row[0] for row in conn.execute("SELECT paper_id FROM index_queue")]
        total = self.library.count_all()
        if total > BULK and self.fast:
            revs, words = add_in_parallel(ix, self.library.db_path, None, _document, progress)
        else:
            rows = conn.execute(_SELECT).fetchall()
            revs = {row[0]: row[1] for row in rows}
            words = self._write_serially(ix, rows, set(), [], progress)
        vocabulary.write(self.folder / vocabulary.file_name(name), words, append=False)
        ix.close()
        _write_meta(self.folder, self.library.library_id, name)
        _remove_other_generations(self.folder, name)
        self._dequeue(queued, revs)
        if progress:
            progress(total, total)
        return total

    # -- reading -----------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        """The open searcher (refreshed after every commit); do not close it."""
        if self._searcher is None:
            self._searcher = self._open().searcher()
        return _Borrowed(self._searcher)

    def _refresh(self) -> None:
        # Searcher.refresh() kept serving the previous generation after an in-process
        # update_document, so the searcher is reopened instead.
        self._ids_by_docnum = None
        self._ranker = None
        self._answers.clear()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def vocabulary(self) -> Vocabulary:
        """The library's words as written (``core.vocabulary``), kept in step with the index
        generation in use."""
        path = self._vocabulary_path()
        if self._vocabulary is None or self._vocabulary.path != path:
            self._vocabulary = Vocabulary(path)
        else:
            self._vocabulary.refresh()
        return self._vocabulary

    def _vocabulary_path(self) -> Path:
        """The vocabulary of the generation in use now (the meta file says; another process
        may have switched generations under an index still open here)."""
        return self.folder / vocabulary.file_name(_index_name(self.folder))

    def doc_count(self) -> int:
        """How many papers the index holds."""
        return self._open().doc_count()

    def search(self, query: Query, should_stop: Callable[[], bool] | None = None) -> list[int]:
        """Ids of every paper matching a Whoosh query, best first (ties: first indexed first).

        ``fulltext.ranking`` answers the queries the search box makes from whole posting lists;
        anything else goes through Whoosh's own searcher. The last few answers are kept until
        the index changes: the window asks again whenever the sidebar view or sort changes.
        ``should_stop`` is asked before each posting list is read from disk: True (a newer
        search is waiting) stops this one with ``ranking.Overtaken``.
        """
        key = repr(query)
        if key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        for attempt in range(3):
            try:
                answer = self._search(query, should_stop)
                break
            except (FileNotFoundError, whoosh_index.EmptyIndexError):
                # Another process swapped in a rebuilt index and removed the files of this
                # one that were not open yet: the new one holds the same papers; ask it.
                self.close()
                if attempt == 2:
                    raise
        self._answers[key] = answer
        if len(self._answers) > ANSWERS_KEPT:
            self._answers.popitem(last=False)
        return answer

    def _search(self, query: Query, should_stop: Callable[[], bool] | None) -> list[int]:
        found = None
        if self.fast:
            if self._ranker is None:
                self._ranker = Ranker(self.searcher()._searcher)
            self._ranker.should_stop = should_stop
            try:
                found = self._ranker.run(query)
            finally:
                self._ranker.should_stop = None
        paper_ids = self._paper_ids()
        if found is None:
            results = self.searcher().search(query, limit=None)
            answer = [int(paper_ids[docnum]) for _, docnum in results.top_n]
        else:
            docnums, scores = found
            order = np.lexsort((docnums, -scores))
            answer = paper_ids[docnums[order]].tolist()
        return answer

    def forget_answers(self) -> None:
        """Drop the kept answers and posting lists (the index changed, or a benchmark wants
        cold searches)."""
        self._answers.clear()
        self._ranker = None

    def _paper_ids(self) -> np.ndarray:
        """Paper id by document number for the open searcher, from the ``paper`` column.

        Loading a stored field per hit cost more than the search itself on broad queries, and
        iterating a column reader 230 ms for 75k papers; the column's bytes are read whole.
        """
        if self._ids_by_docnum is None and not self.fast:  # Whoosh's own stored fields
            reader = self.searcher().reader()
            ids = np.zeros(reader.doc_count_all(), np.int64)
            for docnum, stored in reader.iter_docs():
                ids[docnum] = int(stored["id"])
            self._ids_by_docnum = ids
        if self._ids_by_docnum is None:
            parts = []
            for leaf, _ in self.searcher().reader().leaf_readers():
                count = leaf.doc_count_all()
                if count:  # an empty index's reader has no columns
                    column = leaf.column_reader("paper", translate=False)
                    if isinstance(column, EmptyColumnReader):  # its file went with its generation
                        raise FileNotFoundError(
                            f"the index generation in {self.folder} was replaced"
                        )
                    parts.append(column_values(column, count, ">i8"))
            self._ids_by_docnum = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        return self._ids_by_docnum

    def term_postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every paper holding an indexed ``term`` in ``field``: paper ids, the term's
        frequency in each, and each paper's field length in terms (as Whoosh stores it,
        rounded). Papers deleted from the index are left out, so the list's length is the
        term's document frequency. Read whole like the search box's lists, and kept with them
        (``core.similar`` weighs them its own way)."""
        if not self.fast:
            return self._plain_postings(field, term)
        tries = 3
        while True:
            try:
                if self._ranker is None:
                    self._ranker = Ranker(self.searcher()._searcher)
                docnums, freqs, _ = self._ranker.postings(field, term)
                lengths = self._ranker._field_lengths(field)[docnums]
                return self._paper_ids()[docnums], freqs, lengths
            except (FileNotFoundError, whoosh_index.EmptyIndexError):
                self.close()  # another process swapped in a rebuilt index: ask that one
                tries -= 1
                if not tries:
                    raise

    def _plain_postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``term_postings`` through Whoosh's public matcher (the fast paths are off)."""
        searcher = self.searcher()
        docs: list[int] = []
        weights: list[float] = []
        if (field, term) in searcher.reader():
            matcher = searcher.postings(field, term)
            while matcher.is_active():
                docs.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
        reader = searcher.reader()
        lengths = [reader.doc_field_length(d, field) for d in docs]
        found = np.array(docs, np.int64)
        return (
            self._paper_ids()[found],
            np.array(weights, np.float64),
            np.array(lengths, np.float64),
        )

    def differences(self, *, queued_too: bool = True) -> list[str]:
        """What differs between SQLite and the index, in sentences (empty when they agree).
        ``queued_too=False``: papers on the index queue are not differences (the index has
        not caught up with them yet), and the queue itself is not one."""
        conn = self.library.conn
        expected = {str(pid): rev for pid, rev in conn.execute("SELECT id, rev FROM papers")}
        indexed = {f["id"]: f["rev"] for f in self.searcher().all_stored_fields()}
        if not queued_too:
            for (pid,) in conn.execute("SELECT paper_id FROM index_queue"):
                expected.pop(str(pid), None)
                indexed.pop(str(pid), None)
        problems = []
        missing = sorted(set(expected) - set(indexed), key=int)
        extra = sorted(set(indexed) - set(expected), key=int)
        stale = sorted(
            (k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k]), key=int
        )
        for label, ids in (
            ("missing from the index", missing),
            ("in the index but not in the library", extra),
            ("indexed from an older version", stale),
        ):
            if ids:
                shown = ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")
                problems.append(f"{len(ids)} papers {label}: {shown}")
        queued = self.queued() if queued_too else 0
        if queued:
            problems.append(f"{queued} papers wait in the index queue")
        return problems

    def close(self) -> None:
        """Close the searcher and the index."""
        self._ids_by_docnum = None
        self._ranker = None
        self._answers.clear()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None


class _Borrowed:
    """The shared searcher, usable in a ``with`` block that does not close it."""

    def __init__(self, searcher: Searcher):
        self._searcher = searcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self._searcher, name)

    def __enter__(self) -> Searcher:
        return self._searcher

    def __exit__(self, *exc: object) -> None:
        return None


def _read_meta(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _index_name(folder: Path) -> str:
    """The Whoosh index name of the generation in use (indexes before generations: MAIN)."""
    return str(_read_meta(folder).get("index_name", "MAIN"))


def _write_meta(folder: Path, library_id: str | None, index_name: str) -> None:
    meta = {
        "library_id": library_id,
        "format": FORMAT_VERSION,
        "index_name": index_name,
        "fast": fulltext.fast(),
    }
    temporary = folder / f"{META_FILE}.tmp"
    temporary.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(temporary, folder / META_FILE)  # atomic: readers see the old meta or the new


def _remove_other_generations(folder: Path, keep: str) -> None:
    """Delete every file but the meta file and those of generation ``keep``. A file another
    process has open stays readable to it (POSIX) or is left for the next rebuild (Windows)."""
    for path in folder.iterdir():
        name = path.name
        if name in (META_FILE, vocabulary.file_name(keep)) or name.startswith(
            (f"_{keep}_", f"{keep}_")
        ):
            continue
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue

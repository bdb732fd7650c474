"""The library's words as written, with how many papers hold each: what prefixes, fuzzy terms,
completion and "did you mean" are matched against.

The index holds stems ("memor" for "memorization"), and a prefix of a stem matches nothing a
person typed ("memoriz*"). An unstemmed Whoosh field would have given the words, at the price
of a second posting list per word and paper: it made building the 75k-paper index 65% slower,
and its postings would never be searched. So the index keeps, beside each generation, a
plain file of ``word<TAB>papers`` lines, written while the papers are analysed anyway:
counted for every paper at a rebuild, appended to as papers are indexed later (a paper
indexed again counts again, and a removed paper's words stay until the next rebuild: the
counts rank suggestions, and every word found here is searched as its stem, so a word
without papers finds nothing rather than something wrong).

Only whole lines are read, so a reader never sees half of a line being appended.
"""

from __future__ import annotations

import bisect
import heapq
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

CHUNK = 5000  # lines taken in at a time


def file_name(index_name: str) -> str:
    """The vocabulary file of one index generation. Not ``<name>_...``: Whoosh deletes the
    files of that shape that are not segments of the index when it commits."""
    return f"vocabulary-{index_name}.tsv"


def count_words(counts: Counter[str], words: Iterable[str]) -> None:
    """Count one paper's words (as the tokenizer found them) into ``counts``, once each."""
    counts.update(set(map(str.lower, words)))


def write(path: Path, counts: Counter[str], *, append: bool) -> None:
    """Add ``counts`` to the vocabulary file (or start it afresh)."""
    if not counts and append:
        return
    items = counts.items() if append else sorted(counts.items())  # sorted: read faster
    text = "".join(f"{word}\t{n}\n" for word, n in items if "\t" not in word)
    if append:
        with path.open("a", encoding="utf-8") as out:
            out.write(text)
        return
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class Vocabulary:
    """The words of one vocabulary file, sorted, with their paper counts; ``refresh`` reads
    what was appended since."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.words: list[str] = []
        self.papers: dict[str, int] = {}
        self._read = 0  # bytes taken in
        self.refresh()

    def refresh(self) -> None:
        """Take in the lines appended since the last read (everything, if the file is new)."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size < self._read:  # replaced by a rebuild
            self.words, self.papers, self._read = [], {}, 0
        if size == self._read:
            return
        with self.path.open("rb") as source:
            source.seek(self._read)
            data = source.read(size - self._read)
        whole = data.rfind(b"\n") + 1  # a line still being written waits for the next read
        self._read += whole
        # Python-level loops and C calls on chunks, not one long C call (a sort, a set union)
        # over the whole vocabulary: the search thread reads this while the window's thread
        # waits for the GIL, and one 100 ms call was a 100 ms stall of the window.
        pairs = [line.split("\t") for line in data[:whole].decode("utf-8", "replace").split("\n")]
        pairs = [pair for pair in pairs if len(pair) == 2 and pair[1].isdigit()]
        papers = self.papers
        fresh = []
        for start in range(0, len(pairs), CHUNK):
            for word, count in pairs[start : start + CHUNK]:
                known = papers.get(word)
                if known is None:
                    fresh.append(word)
                    papers[word] = int(count)
                else:
                    papers[word] = known + int(count)
        if not fresh:
            return
        if self.words or any(a > b for a, b in zip(fresh, fresh[1:], strict=False)):
            fresh.sort()  # appended words come in any order; a rebuilt file is sorted
            self.words = list(heapq.merge(self.words, fresh))
        else:
            self.words = fresh

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.papers

    def starting(self, prefix: str, limit: int | None = None) -> list[str]:
        """The words beginning with ``prefix`` (lower case), those in most papers first; at
        most ``limit`` (a one-letter prefix begins some 20,000 words of a large library)."""
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        found = self.words[low:high]
        if limit is not None:
            papers = self.papers
            found = sorted(found, key=lambda w: -papers[w])[:limit]
        return found

    def near(self, word: str, distance: int) -> list[tuple[str, int]]:
        """The words at most ``distance`` edits from ``word`` (a swap of two neighbouring
        letters is one edit) that begin with its first letter, nearest first, with their
        edit counts. Measured by rapidfuzz's compiled edit distance over the words of that
        letter (2 ms; all 230,000 words of the 75k-paper library took 30-70 ms); a typo in
        the first letter is rare, and Lucene's spelling checker makes the same bargain."""
        candidates = self.starting(word[:1])
        found = process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=distance, limit=None
        )
        return [(w, int(d)) for w, d, _ in found if abs(len(w) - len(word)) <= distance]

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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
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
    what was appended since.

    The words are one sorted list and their counts a parallel array (not a dict: at 230,000
    words a dict of counts took 70 MB of the window's memory, the list and array 16 MB)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.words: list[str] = []
        self.counts = np.zeros(0, np.int64)
        self.papers = _Counts(self)
        self._read = 0  # bytes taken in
        self.refresh()

    def refresh(self) -> None:
        """Take in the lines appended since the last read (everything, if the file is new)."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size < self._read:  # replaced by a rebuild
            self.words, self.counts, self._read = [], np.zeros(0, np.int64), 0
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
        lines = data[:whole].decode("utf-8", "replace").split("\n")
        del data
        words: list[str] = []
        counts: list[int] = []
        ordered = True
        for start in range(0, len(lines), CHUNK):
            for line in lines[start : start + CHUNK]:
                word, tab, count = line.partition("\t")
                if not tab or not count.isdigit():
                    continue
                if words and word <= words[-1]:
                    ordered = False
                words.append(word)
                counts.append(int(count))
        del lines
        if not self.words and ordered:  # a rebuilt file: sorted, each word once
            self.words, self.counts = words, np.array(counts, np.int64)
            return
        self._add(Counter(dict(_summed(words, counts))))

    def _add(self, found: Counter[str]) -> None:
        """Add the counts of words read from an appended part of the file."""
        fresh = {}
        for word, count in found.items():
            at = bisect.bisect_left(self.words, word)
            if at < len(self.words) and self.words[at] == word:
                self.counts[at] += count
            else:
                fresh[word] = count
        if not fresh:
            return
        merged = heapq.merge(
            zip(self.words, self.counts.tolist(), strict=True), sorted(fresh.items())
        )
        words, counts = [], []
        for word, count in merged:
            words.append(word)
            counts.append(count)
        self.words, self.counts = words, np.array(counts, np.int64)

    def count(self, word: str) -> int:
        """How many papers hold ``word`` (as counted: see the module's docstring)."""
        at = bisect.bisect_left(self.words, word)
        if at < len(self.words) and self.words[at] == word:
            return int(self.counts[at])
        return 0

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        at = bisect.bisect_left(self.words, word)
        return at < len(self.words) and self.words[at] == word

    def starting(self, prefix: str, limit: int | None = None) -> list[str]:
        """The words beginning with ``prefix`` (lower case), those in most papers first; at
        most ``limit`` (a one-letter prefix begins some 20,000 words of a large library)."""
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        found = self.words[low:high]
        if limit is not None and len(found) > limit:
            best = np.argsort(-self.counts[low:high], kind="stable")[:limit]
            found = [found[i] for i in best.tolist()]
        elif limit is not None:
            counts = self.counts[low:high].tolist()
            found = [w for _, w in sorted(zip(counts, found, strict=True), key=lambda p: -p[0])]
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


def _summed(words: list[str], counts: list[int]) -> dict[str, int]:
    """Each word once, with its counts added up."""
    summed: dict[str, int] = {}
    for word, count in zip(words, counts, strict=True):
        summed[word] = summed.get(word, 0) + count
    return summed


class _Counts(Mapping[str, int]):
    """A vocabulary's paper counts, read as a mapping of word to papers."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary

    def __getitem__(self, word: str) -> int:
        if word not in self._vocabulary:
            raise KeyError(word)
        return self._vocabulary.count(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._vocabulary.words)

    def __len__(self) -> int:
        return len(self._vocabulary.words)

"""An open library with its index and searcher: what the CLI and the window both hold."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.index import SearchIndex
from papershelf.core.library import Library
from papershelf.core.search import Searcher


class Shelf:
    """A library, its full-text index and a searcher over both."""

    def __init__(self, folder: Path, *, window: bool = False):
        self.library = Library(folder, window=window)
        try:
            self.index = SearchIndex(self.library)
        except BaseException:
            self.library.close()
            raise
        self.searcher = Searcher(self.library, self.index)

    def close(self) -> None:
        """Close the index, then the library (releasing its lock)."""
        self.index.close()
        self.library.close()

    def __enter__(self) -> Shelf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

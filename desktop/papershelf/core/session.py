"""An open library with its index and searcher: what the CLI and the window both hold."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from papershelf.core.library import Library

if TYPE_CHECKING:
    from papershelf.core.index import SearchIndex
    from papershelf.core.search import Searcher


class Shelf:
    """A library, its full-text index and a searcher over both.

    The index and the searcher are made when first asked for: the window's own shelf never
    asks (its searches run in threads of their own), so it opens without loading Whoosh.
    """

    def __init__(self, folder: Path, *, window: bool = False):
        self.library = Library(folder, window=window)

    @cached_property
    def index(self) -> SearchIndex:
        """The library's full-text index (opened on first use)."""
        from papershelf.core.index import SearchIndex  # noqa: PLC0415 - Whoosh, on demand

        return SearchIndex(self.library)

    @cached_property
    def searcher(self) -> Searcher:
        """The one place a search of this library is put together."""
        from papershelf.core.search import Searcher  # noqa: PLC0415 - Whoosh, on demand

        return Searcher(self.library, lambda: self.index)

    def close(self) -> None:
        """Close the index (if it was opened), then the library (releasing its lock)."""
        try:
            if "index" in self.__dict__:
                self.index.close()
        finally:
            self.library.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

"""The window shows its first list before the full-text index's modules load (design §9:
nothing at start-up scales with the library except what is on screen; the index opens
behind the first screen), and PySide6 no longer keeps the source of every module it sees."""

from __future__ import annotations

import linecache
import subprocess
import sys
import types
from pathlib import Path

from papershelf.core.importing import choose_importer, import_source, open_source
from papershelf.core.session import Shelf
from papershelf.ui import sourcereads

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-trending-papers.txt"

# What the window loads behind its first list: the index, its ranking and spelling, the
# sqlite-utils layer of imports and migrations, Markdown notes.
BEHIND = ("whoosh", "numpy", "rapidfuzz", "sqlite_utils", "markdown", "nh3")

FIRST_LIST = """
import sys
from pathlib import Path
import papershelf.ui.app, papershelf.ui.window  # every module the window is made of
from papershelf.core.listing import View, rows
from papershelf.core.session import Shelf

shelf = Shelf(Path(sys.argv[1]), window=True)
first = shelf.searcher.search("", view=View(), relevance=True)  # the window's first list
shown = rows(shelf.library.conn, first.ids[:40])  # the rows on screen
print(len(first.ids), len(shown), sorted(m for m in sys.argv[2:] if m in sys.modules))
"""


def test_the_first_list_needs_none_of_the_index_modules(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    with Shelf(folder) as shelf:
        opened = open_source(SAMPLE)
        import_source(shelf.library, opened, choose_importer(opened))
        shelf.index.ensure()
        papers = shelf.library.count()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_LIST, str(folder), *BEHIND],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    listed, shown, loaded = done.stdout.strip().split(" ", 2)
    assert int(listed) == papers > 40
    assert int(shown) == 40
    assert loaded == "[]", f"loaded before the first list: {loaded}"


def test_pyside_asks_of_a_module_without_keeping_its_source(tmp_path: Path) -> None:
    assert sourcereads.glance_at_sources()  # the hook is found in this PySide6
    asks = getattr(sys.modules[sourcereads.HOOK_MODULE], sourcereads.HOOK_NAME)
    assert asks.glances
    plain, qt = tmp_path / "plain_module.py", tmp_path / "qt_module.py"
    plain.write_text("VALUE = 1\n", encoding="utf-8")
    qt.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    for path, uses in ((plain, False), (qt, True)):
        module = types.ModuleType(path.stem)
        module.__file__ = str(path)
        assert bool(asks(module)) is uses
        assert str(path) not in linecache.cache  # read and let go
    assert sourcereads.glance_at_sources()  # asked again: the same hook, not wrapped twice
    assert getattr(sys.modules[sourcereads.HOOK_MODULE], sourcereads.HOOK_NAME) is asks

"""Run Papershelf with ``python -m papershelf`` (and as the frozen app's entry point)."""

import multiprocessing

from papershelf.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the index builds in worker processes
    raise SystemExit(main())

"""Run Papershelf with ``python -m papershelf``; also the frozen app's entry point."""

import multiprocessing

if __name__ == "__main__":
    # First: a frozen app's worker processes (the index builds in them) start this executable
    # again, and here each becomes its worker, before importing the whole command line.
    multiprocessing.freeze_support()
    from papershelf.launch import main

    raise SystemExit(main())

"""Papershelf: an offline reading-list manager for research papers."""

__version__ = "0.1.0"
APP_ID = "io.github.papershelf.papershelf"  # all lower case: AppStream's advice for ids

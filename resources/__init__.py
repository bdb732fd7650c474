"""Papershelf's bundled files (sample page, icons, style sheets), installed as package data:
read them with ``importlib.resources.files("papershelf.resources")``."""

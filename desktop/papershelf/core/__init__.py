"""The Papershelf core: library, index, importers and query language. It never imports Qt."""

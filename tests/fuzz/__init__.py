"""Fuzz targets, their inputs and the runners of the long run (see README.md here)."""

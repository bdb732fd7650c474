"""The PySide6 window: a thin face on ``papershelf.core`` (widgets, models, actions, keys)."""

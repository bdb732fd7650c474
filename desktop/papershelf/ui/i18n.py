"""Counted phrases in the user's language: "1 paper", "12 papers in the trash".

Each module of the window translates its own text with a ``tr`` of its own context (as
``ui.about`` does). A phrase with a count needs the count to choose its form, so it has two
sources, the singular and the plural, each a template with ``{count}``; the count is passed
to Qt too, so that a translation with more plural forms can choose among them. Without a
translation the English is exactly what ``core.operations.plural`` says.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def counted(context: str, count: int, one: str, many: str, **values: object) -> str:
    """``one`` (count 1) or ``many`` translated in ``context``, then filled in: ``{count}``
    with the count (as "1,234") and the other fields with ``values``."""
    template = QCoreApplication.translate(context, one if count == 1 else many, None, count)
    return template.format(count=f"{count:,}", **values)

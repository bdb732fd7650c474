"""Writing a file so that it is either the old one or the whole new one, never half of each.

The text goes to a hidden temporary file beside the target (same folder, so the same file
system), is flushed to the disk, and only then moved over the target with ``os.replace``,
which is atomic. An export killed half way leaves the old file as it was and, at worst, a
``.name.*.tmp`` file beside it, which the next export of that file removes; an error removes
the temporary file and says what happened.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from papershelf.core.errors import PapershelfError


class ExportFailed(PapershelfError):
    """An export could not be written where the user asked; the old file, if any, is kept."""


def cannot_write(path: Path, exc: OSError) -> ExportFailed:
    """The one sentence for a file or folder the system refused to write."""
    reason = exc.strerror or str(exc)
    return ExportFailed(f"{path} cannot be written ({reason}); choose another place with -o.")


@contextmanager
def atomic_text(path: Path, *, one_of_many: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream whose content replaces ``path`` when the block ends without error.

    ``one_of_many``: a note of a vault of thousands; it is not forced to the disk one by one
    (75,000 fsyncs made a vault export take a quarter of an hour; the replace is atomic all
    the same, and the vault's writer tidies its folder once rather than for every note)."""
    if not one_of_many:
        remove_stale(path.parent, f".{glob.escape(path.name)}.*.tmp")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # os.open applies the umask, as creating the file directly would (mkstemp's 0600 not).
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            if not one_of_many:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise cannot_write(path, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


STALE_SECONDS = 600  # older than any export of this file still being written


def remove_stale(folder: Path, pattern: str) -> None:
    """Delete the files matching ``pattern`` in ``folder`` that a killed export left there
    (``.name.*.tmp``), once they are older than any export still being written."""
    try:
        leftovers = list(folder.glob(pattern))
    except OSError:
        return
    now = time.time()
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()


def write_text(path: Path, text: str, *, one_of_many: bool = False) -> None:
    """Replace ``path`` with ``text``, atomically."""
    with atomic_text(path, one_of_many=one_of_many) as stream:
        stream.write(text)

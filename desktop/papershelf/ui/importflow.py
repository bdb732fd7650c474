"""Importing from the window: a preview from a dry run, then the import in the background.

The preview (``preview.ImportPreview``) shows the detected format and what the import would
do, paper by paper (new, already in the library, skipped, page text dropped), with an optional
tag for the batch. Accepting runs the same import for real
in a job with a progress bar and Cancel; a cancelled import leaves the library unchanged.

Counting a large file takes as long as importing it (9 s for 75k papers), so for one the
Import button works at once while the count runs: importing before the count is done stops
the count, and an import with unreadable records is then refused with the first one's line,
since nobody has seen the list of them yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QProgressBar, QPushButton, QStatusBar

from papershelf.core.errors import PapershelfError
from papershelf.ui import plain
from papershelf.ui.jobs import Job
from papershelf.ui.preview import ImportPreview
from papershelf.ui.signals import emit

if TYPE_CHECKING:  # the importers load when an import starts, not with the window
    from papershelf.core.importers import Importer, Source
    from papershelf.core.importing import ImportReport

EARLY_IMPORT_BYTES = 4 * 1024 * 1024  # from this size, Import works before the count is done


def tr(text: str) -> str:
    """``text`` in the user's language, when a translation is installed."""
    return QCoreApplication.translate("Import", text)


class ImportController(QObject):
    """Runs previews and imports for one window; emits ``imported`` with the report."""

    imported = Signal(object)
    busyChanged = Signal(bool)

    def __init__(self, folder: Path, window: Any, status: QStatusBar):
        super().__init__(window)
        self.folder = folder
        self.window = window
        self.job: Job | None = None
        self.preview: ImportPreview | None = None
        self.closing = False
        self.waiting = False  # an import waits for its preview's count to stop
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(tr("Import progress"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.setAccessibleName(tr("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        self.status = status
        self.queued: list[str] = []  # files waiting for their preview, one after another

    def busy(self) -> bool:
        """Whether an import (or its preview) is running, or about to."""
        return self.job is not None or self.waiting

    def start_text(self, text: str, name: str = "clipboard") -> None:
        """Preview importing text (the clipboard)."""
        from papershelf.core.importers import Source

        self._start(lambda: Source.from_text(text, name))

    def start_path(self, path: str | Path) -> None:
        """Preview importing a file."""
        from papershelf.core.importers import Source

        self._start(lambda: Source.from_path(path))

    def queue_paths(self, paths: list[str]) -> None:
        """Preview importing each file, one after another: the next when the one before is
        imported, cancelled or turned down."""
        self.queued.extend(paths)
        self._next()

    def _next(self) -> None:
        if self.closing or not self.queued or self.preview is not None or self.busy():
            return
        self.start_path(self.queued.pop(0))
        if self.preview is None:  # that file could not be read (its message was shown)
            QTimer.singleShot(0, self._next)

    def _start(self, make: Any) -> None:
        from papershelf.core.importing import choose_importer, import_source

        if self.busy():
            self.status.showMessage(tr("An import is already running."), 4000)
            return
        try:
            source = make()
            importer = choose_importer(source)
        except PapershelfError as exc:
            plain.warn(self.window, tr("Nothing to import"), str(exc))  # it names the file
            return
        self.preview = ImportPreview(source, importer, self.window)
        self.preview.finished.connect(lambda result: self._decided(result, source, importer))
        self._run(
            lambda lib, job: import_source(
                lib,
                source,
                importer,
                dry_run=True,
                progress=job.progress,
                cancelled=job.cancelled,
            ),
            preview=True,
        )
        if source.size >= EARLY_IMPORT_BYTES:
            self.preview.allow_early_import()
        self.preview.open()

    def _decided(self, result: int, source: Source, importer: Importer) -> None:
        preview, self.preview = self.preview, None
        if preview is None:
            return
        counting = self.job
        if counting is not None:  # still counting: stop the dry run
            counting.cancel()
        if result != QDialog.DialogCode.Accepted:
            QTimer.singleShot(0, self._next)
            return
        from papershelf.core.importing import import_source

        tag = preview.tag.text().strip() or None
        # The preview listed what cannot be read, and the user went on: keep the rest. An
        # import started before the count ended is all or nothing.
        keep_valid = preview.counted

        def start() -> None:
            self._run(
                lambda lib, job: import_source(
                    lib,
                    source,
                    importer,
                    tag=tag,
                    keep_valid=keep_valid,
                    progress=job.progress,
                    cancelled=job.cancelled,
                ),
                preview=False,
            )
            self.status.showMessage(tr("Importing {name}…").format(name=Path(source.name).name))

        def start_when_stopped() -> None:
            # The dry run holds the library until it has rolled back; ``_job_done`` (connected
            # before it started, so never missed) clears ``self.job`` when it has. A slot
            # connected to ``finished`` only now could miss an emission already queued.
            if self.closing:
                self.waiting = False
                return
            if counting is not None and self.job is counting:
                self.waiting = True
                self.status.showMessage(tr("Stopping the count…"))
                QTimer.singleShot(20, start_when_stopped)
            else:
                self.waiting = False
                start()

        start_when_stopped()

    def _run(self, work: Any, *, preview: bool) -> None:
        job = Job(self.folder, work, self)
        self.job = job
        job.succeeded.connect(lambda report: self._succeeded(report, preview))
        job.failed.connect(lambda message: self._failed(message, preview))
        job.was_cancelled.connect(lambda: self._cancelled(preview))
        job.finished.connect(lambda: self._job_done(job))
        if preview:
            job.progressed.connect(self._counting)
        else:
            job.progressed.connect(self._progressed)
            self.progress.setRange(0, 0)
            self.progress.show()
            self.cancel_button.show()
            emit(self.busyChanged, True)
        job.start()

    def _job_done(self, job: Job) -> None:
        if self.job is job:
            self.job = None
        job.deleteLater()
        QTimer.singleShot(0, self._next)

    def _counting(self, done: int, total: int) -> None:
        if self.preview is not None:
            self.preview.show_progress(done, total)

    def _progressed(self, done: int, total: int) -> None:
        self.status.showMessage(tr("Importing… {done} papers read").format(done=f"{done:,}"))

    def _succeeded(self, report: ImportReport, preview: bool) -> None:
        if preview:
            if self.preview is not None:
                self.preview.show_report(report)
            return
        self._idle()
        said = tr("Imported: {summary}.").format(summary=report.summary())  # the core's summary
        self.status.showMessage(said, 8000)
        emit(self.imported, report)

    def _failed(self, message: str, preview: bool) -> None:
        if preview:
            if self.preview is not None:
                self.preview.show_error(message)
            return
        self._idle()
        plain.warn(self.window, tr("Import failed"), message)  # it may quote the file

    def _cancelled(self, preview: bool) -> None:
        if not preview:
            self._idle()
            self.status.showMessage(tr("Import cancelled; the library is unchanged."), 8000)

    def cancel(self) -> None:
        """Cancel the running import."""
        if self.job is not None:
            self.job.cancel()

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        emit(self.busyChanged, False)

    def shutdown(self) -> None:
        """Cancel and wait for any job (the window is closing)."""
        self.closing = True
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
            self.job = None


__all__ = ["ImportController", "ImportPreview"]

"""Running core work off the UI thread: one small API for every background job.

``run_in_background(work, on_done=..., on_failed=..., on_progress=...)`` runs
``work(progress)`` on Qt's thread pool; ``progress(done, total)`` may be called from
the worker and arrives on the UI thread, as do the result and any exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], None]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.setAutoDelete(False)  # we keep it until its signals have been delivered

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except BaseException as exc:  # handed to the UI thread, which decides
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[_Task] = set()


def run_in_background(work: Callable[[Progress], Any], *,
                      on_done: Callable[[Any], None],
                      on_failed: Callable[[BaseException], None],
                      on_progress: Progress | None = None) -> None:
    task = _Task(work)
    _running.add(task)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(task)
        callback(value)

    task.signals.done.connect(lambda result: finish(on_done, result))
    task.signals.failed.connect(lambda exc: finish(on_failed, exc))
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)

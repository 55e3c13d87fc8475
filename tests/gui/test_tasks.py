from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.gui.tasks import Progress, run_in_background


def test_work_runs_off_the_ui_thread_and_reports_back_on_it(qtbot: QtBot) -> None:
    ui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    seen: dict[str, object] = {}
    progress: list[tuple[int, int, bool]] = []

    def work(report: Progress) -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        report(1, 2)
        return 42

    run_in_background(work, on_done=lambda r: seen.setdefault("result", r),
                      on_failed=lambda e: seen.setdefault("error", e),
                      on_progress=lambda d, t: progress.append(
                          (d, t, QThread.currentThread() == ui_thread)))
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen == {"worker": False, "result": 42}
    assert progress == [(1, 2, True)]


def test_exceptions_come_back_to_the_caller(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(report: Progress) -> None:
        raise ValueError("damaged form")

    run_in_background(work, on_done=lambda r: None, on_failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "damaged form"

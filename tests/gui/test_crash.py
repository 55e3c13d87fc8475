from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui import crash
from fieldkit.gui.crash import CrashHandler
from fieldkit.gui.crash_dialog import CrashDialog
from fieldkit.logs import setup_logging


def test_unexpected_error_shows_the_log_location(qtbot: QtBot, ctx: AppContext,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    setup_logging(ctx.paths)
    shown: list[CrashDialog] = []

    def fake_exec(self: CrashDialog) -> int:
        qtbot.addWidget(self)
        shown.append(self)
        return QDialog.DialogCode.Accepted.value  # "Continue"

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    handler = CrashHandler(ctx.paths)
    try:
        raise ValueError("the roster has no members")
    except ValueError:
        handler.handle(*sys.exc_info())  # type: ignore[arg-type]
    (dialog,) = shown
    assert dialog.log_label.text() == str(ctx.paths.log_file)
    assert "ValueError: the roster has no members" in dialog.details.toPlainText()
    assert not dialog.details.isVisibleTo(dialog)
    dialog.show_details.click()
    assert dialog.details.isVisibleTo(dialog)
    log_text = ctx.paths.log_file.read_text(encoding="utf-8")
    assert "the roster has no members" in log_text and "Traceback" in log_text


def test_attach_and_detach_restore_the_previous_hook(ctx: AppContext) -> None:
    before = sys.excepthook
    handler = CrashHandler(ctx.paths)
    handler.attach()
    try:
        assert sys.excepthook == handler.handle
        assert ctx.paths.crash_file.exists()
    finally:
        handler.detach()
    assert sys.excepthook is before
    assert not ctx.paths.crash_file.exists()  # clean exit: no crash report


def test_a_hard_crash_is_reported_at_next_start(ctx: AppContext,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.paths.log_dir.mkdir(parents=True, exist_ok=True)
    ctx.paths.crash_file.write_text("Fatal Python error: Segmentation fault\n")
    kept = CrashHandler(ctx.paths).previous_crash()
    assert kept is not None and kept.read_text().startswith("Fatal Python error")
    assert not ctx.paths.crash_file.exists()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: told.append(text))
    crash.tell_previous_crash(None, kept)
    assert str(kept) in told[0]
    assert CrashHandler(ctx.paths).previous_crash() is None


def test_non_interactive_handler_exits_instead_of_showing(
        ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(crash.QApplication, "exit", lambda code=0: exits.append(code))
    monkeypatch.setattr(CrashDialog, "exec", lambda self: pytest.fail("dialog shown"))
    handler = CrashHandler(ctx.paths, interactive=False)
    try:
        raise RuntimeError("in smoke mode")
    except RuntimeError:
        handler.handle(*sys.exc_info())  # type: ignore[arg-type]
    assert exits == [70]

"""Open another data folder (a new coordinator project, a recent one, the practice
project) in a window of its own: a new fieldkit process on that folder, so each
folder keeps its own store, lock and settings as it does from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess

__all__ = ["launch_command", "open_data_folder"]


def launch_command(data_dir: Path, db_url: str = "") -> tuple[str, list[str]]:
    """The program and arguments that start fieldkit's app on ``data_dir``."""
    if getattr(sys, "frozen", False):  # a built app: the executable is fieldkit itself
        program, args = sys.executable, []
    else:
        program, args = sys.executable, ["-m", "fieldkit"]
    args += ["--data-dir", str(data_dir)]
    if db_url:
        args += ["--db", db_url]
    return program, args


def open_data_folder(data_dir: Path, db_url: str = "") -> bool:
    """Start fieldkit on ``data_dir``; False if the process could not be started."""
    program, args = launch_command(data_dir, db_url)
    started, _pid = QProcess.startDetached(program, args)
    return bool(started)

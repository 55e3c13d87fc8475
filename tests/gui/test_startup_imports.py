"""The first screen is shown before the heavy parts load (the startup benchmark's
target depends on it): building and showing the main window imports neither
SQLAlchemy nor the form engine. Checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from fieldkit.cli import build_parser, make_context
    ctx = make_context(build_parser().parse_args(["gui", "--data-dir", sys.argv[1]]))
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from fieldkit.gui.main_window import MainWindow
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    heavy = sorted(m for m in sys.modules
                   if m.split(".")[0] in ("sqlalchemy", "alembic", "pyxform")
                   or m.startswith(("fieldkit.forms", "fieldkit.interviews", "fieldkit.store")))
    print(" ".join(heavy))
""")


def test_first_screen_needs_no_store_or_form_engine(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

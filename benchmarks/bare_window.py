"""The baseline for the startup benchmark: a bare PySide6 script that shows an empty
QMainWindow offscreen, records when it was shown (as fieldkit does), and exits."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.show()
trace = os.environ.get("FIELDKIT_STARTUP_TRACE")
if trace:
    QApplication.processEvents()
    Path(trace).write_text(f"{time.time()}\n", encoding="utf-8")
QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() else 1))
sys.exit(app.exec())

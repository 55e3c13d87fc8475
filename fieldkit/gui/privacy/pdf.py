"""The subject-access report as a PDF, drawn by Qt's text engine (Arabic-script and
Cyrillic names shaped as on screen), for the app and for ``fieldkit person export``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fieldkit.i18n import _, is_rtl
from fieldkit.privacy.access import AccessReport, access_html

__all__ = ["write_access_pdf"]


def _ensure_gui_application() -> None:
    """Qt's text engine needs an application object; the command line has none, and
    may run where there is no display. A QApplication (not only a QGuiApplication),
    so that the app started later in the same process (tests) finds the kind it needs."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        _keep.append(QApplication(["fieldkit"]))


_keep: list[object] = []


def write_access_pdf(report: AccessReport, path: Path) -> None:
    """Write ``report`` to ``path`` as an A4 PDF in its language."""
    _ensure_gui_application()
    from fieldkit.gui.sessions.printing import write_pdf

    write_pdf(access_html(report), path, right_to_left=is_rtl(report.language),
              title=_("Subject access"), landscape=False)
